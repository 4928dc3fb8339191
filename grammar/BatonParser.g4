// BatonParser.g4: the parser grammar of the baton deployment language.
//
// Generated at build time by Debian's antlr4 (4.7.2) with -no-listener -no-visitor into the
// baton_parser library; only compiler/frontend/parse_tree_to_ir.cpp walks the contexts into the
// IR (compiler/frontend/syntax_error_strategy.cpp reads a few, to word its messages).

parser grammar BatonParser;

options { tokenVocab = BatonLexer; }

file        : item* EOF ;

item        : importDecl
            | paramDecl
            | hostDecl
            | serviceDecl
            | eventDecl
            | orderDecl
            ;

importDecl  : IMPORT str SEMI? ;

paramDecl   : PARAM name (COLON typeName=name)? (ASSIGN expr)? SEMI? ;

hostDecl    : HOST name (LBRACK count=expr RBRACK (MIN minimum=expr)?)? LBRACE hostAttr* RBRACE ;
hostAttr    : name ASSIGN expr SEMI? ;

serviceDecl : SERVICE name ON hostRef=name LBRACE member* RBRACE ;

member      : inputDecl
            | outputDecl
            | actionDecl
            ;

inputDecl   : INPUT name ASSIGN expr SEMI? ;
outputDecl  : OUTPUT name ASSIGN (CAPTURE str | expr) SEMI? ;
actionDecl  : (ACTION | HANDLER) name actionClause* LBRACE command* RBRACE ;
actionClause: WHEN expr
            | AFTER target (COMMA target)*
            | REPEATABLE
            | ENV envVar (COMMA envVar)*
            | OP operation=name
            ;
envVar      : name ASSIGN expr ;
command     : SH str SEMI? ;

eventDecl   : ON emitter=target event=name ARROW subscriber=target SEMI? ;
orderDecl   : ORDER target (COMMA target)* BEFORE target (COMMA target)* SEMI? ;

// A service, one member of it or all of them, and optionally one action: `galera`,
// `galera[0].bootstrap`, `galera[*].bootstrap`, `haproxy.run`.
target      : name (LBRACK (STAR | expr) RBRACK)? (DOT name)? ;

// Expressions: precedence levels as flat lists, so that long operator chains do not nest the
// parse tree (and the recursion of whoever walks it).
expr        : andExpr (OROR andExpr)* ;
andExpr     : cmpExpr (ANDAND cmpExpr)* ;
cmpExpr     : addExpr (op=(EQ | NE | LT | LE | GT | GE) addExpr)? ;
addExpr     : mulExpr (addOp mulExpr)* ;
addOp       : PLUS | MINUS ;
mulExpr     : unaryExpr (mulOp unaryExpr)* ;
mulOp       : STAR | SLASH | PERCENT ;
unaryExpr   : unaryOp* postfixExpr ;
unaryOp     : BANG | MINUS ;
postfixExpr : primary postfix* ;
postfix     : DOT name                    # memberPostfix
            | LBRACK STAR RBRACK           # splatPostfix
            | LBRACK expr RBRACK           # indexPostfix
            ;
primary     : INT                                              # intPrimary
            | (TRUE | FALSE)                                   # boolPrimary
            | str                                              # stringPrimary
            | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK        # listPrimary
            | name LPAREN (expr (COMMA expr)* COMMA?)? RPAREN   # callPrimary
            | name                                             # namePrimary
            | HOST                                             # hostPrimary
            | LPAREN expr RPAREN                               # parenPrimary
            ;

str         : STR_START strPart* STR_END ;
strPart     : STR_TEXT                    # textPart
            | STR_ESCAPE                  # escapePart
            | INTERP_START expr RBRACE    # interpPart
            ;

// Keywords are reserved; `host` alone may also stand in an expression (`host.address`).
name        : ID ;
