// BatonLexer.g4: the tokens of the baton deployment language, with modes for interpolated strings.
//
// '"' pushes STR; inside it '${' pushes DEFAULT_MODE; every '{' in DEFAULT_MODE pushes DEFAULT_MODE
// again and every '}' pops, so the '}' that closes an interpolation returns to STR. SafeLexer
// (compiler/frontend/antlr_tokens.h) makes popMode on an empty stack harmless, so a stray '}' at
// top level is a parse error rather than an exception. The hidden tokens below (BAD_CHAR,
// UNTERMINATED_COMMENT) and unterminated strings are reported by the token checks
// (compiler/frontend/token_checks.cpp) before the file is parsed.
lexer grammar BatonLexer;

IMPORT      : 'import' ;
PARAM       : 'param' ;
HOST        : 'host' ;
MIN         : 'min' ;
SERVICE     : 'service' ;
ON          : 'on' ;
INPUT       : 'input' ;
OUTPUT      : 'output' ;
CAPTURE     : 'capture' ;
ACTION      : 'action' ;
HANDLER     : 'handler' ;
WHEN        : 'when' ;
AFTER       : 'after' ;
REPEATABLE  : 'repeatable' ;
ENV         : 'env' ;
OP          : 'op' ;
SH          : 'sh' ;
ORDER       : 'order' ;
BEFORE      : 'before' ;
TRUE        : 'true' ;
FALSE       : 'false' ;

ARROW       : '->' ;
OROR        : '||' ;
ANDAND      : '&&' ;
EQ          : '==' ;
NE          : '!=' ;
LE          : '<=' ;
GE          : '>=' ;
LT          : '<' ;
GT          : '>' ;
ASSIGN      : '=' ;
BANG        : '!' ;
PLUS        : '+' ;
MINUS       : '-' ;
STAR        : '*' ;
SLASH       : '/' ;
PERCENT     : '%' ;
DOT         : '.' ;
COMMA       : ',' ;
COLON       : ':' ;
SEMI        : ';' ;
LPAREN      : '(' ;
RPAREN      : ')' ;
LBRACK      : '[' ;
RBRACK      : ']' ;
LBRACE      : '{' -> pushMode(DEFAULT_MODE) ;
RBRACE      : '}' -> popMode ;

INT         : [0-9]+ ;
ID          : [a-zA-Z_] [a-zA-Z_0-9]* ;

STR_START   : '"' -> pushMode(STR) ;

// Whitespace and comments are skipped, not kept as hidden tokens: a third of a spec's tokens.
LINE_COMMENT  : ('//' | '#') ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
// A block comment that reaches the end of the file: reported by the token checks, ignored by
// the parser. Its body must not contain '*/': written as `.*? EOF` it also matched every closed
// comment up to the end of the file (the lexer takes the longest match), swallowing the rest.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF -> channel(HIDDEN) ;
WS          : [ \t\r\n\f]+ -> skip ;
// Any other character: reported by the token checks with its location, ignored by the parser.
BAD_CHAR    : . -> channel(HIDDEN) ;

mode STR;
STR_END       : '"' -> popMode ;
INTERP_START  : '${' -> pushMode(DEFAULT_MODE) ;
STR_ESCAPE    : '\\' ~[\r\n] ;
// A line break ends an unterminated string: the token checks report it and the parser sees the
// end.
STR_NEWLINE   : '\r'? '\n' -> type(STR_END), popMode ;
STR_TEXT      : (~["\\$\r\n] | '$' ~["{\\\r\n])+ | '$' | '\\' ;
// A carriage return not followed by a line feed: reported as an invalid character, since no
// rule above takes it (the lexer would otherwise drop it without a word).
STR_CR        : '\r' -> type(BAD_CHAR), channel(HIDDEN) ;
