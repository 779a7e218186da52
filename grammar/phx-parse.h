/* A Bison parser, made by GNU Bison 3.8.2.  */

/* Bison interface for Yacc-like parsers in C

   Copyright (C) 1984, 1989-1990, 2000-2015, 2018-2021 Free Software Foundation,
   Inc.

   This program is free software: you can redistribute it and/or modify
   it under the terms of the GNU General Public License as published by
   the Free Software Foundation, either version 3 of the License, or
   (at your option) any later version.

   This program is distributed in the hope that it will be useful,
   but WITHOUT ANY WARRANTY; without even the implied warranty of
   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
   GNU General Public License for more details.

   You should have received a copy of the GNU General Public License
   along with this program.  If not, see <https://www.gnu.org/licenses/>.  */

/* As a special exception, you may create a larger work that contains
   part or all of the Bison parser skeleton and distribute that work
   under terms of your choice, so long as that work isn't itself a
   parser generator using the skeleton or a modified version thereof
   as a parser skeleton.  Alternatively, if you modify or redistribute
   the parser skeleton itself, you may (at your option) remove this
   special exception, which will cause the skeleton and the resulting
   Bison output files to be licensed under the GNU General Public
   License without this special exception.

   This special exception was added by the Free Software Foundation in
   version 2.2 of Bison.  */

/* DO NOT RELY ON FEATURES THAT ARE NOT DOCUMENTED in the manual,
   especially those whose name start with YY_ or yy_.  They are
   private implementation details that can be changed or removed.  */

#ifndef YY_PHX_YY_GRAMMAR_PHX_PARSE_H_INCLUDED
# define YY_PHX_YY_GRAMMAR_PHX_PARSE_H_INCLUDED
/* Debug traces.  */
#ifndef PHX_YYDEBUG
# if defined YYDEBUG
#if YYDEBUG
#   define PHX_YYDEBUG 1
#  else
#   define PHX_YYDEBUG 0
#  endif
# else /* ! defined YYDEBUG */
#  define PHX_YYDEBUG 1
# endif /* ! defined YYDEBUG */
#endif  /* ! defined PHX_YYDEBUG */
#if PHX_YYDEBUG
extern int phx_yydebug;
#endif
/* "%code requires" blocks.  */
#line 6 "./grammar/phx.y"

#include "srcfile.h"
#include "ast.h"
struct phx_parser;

#line 63 "grammar/phx-parse.h"

/* Token kinds.  */
#ifndef PHX_YYTOKENTYPE
# define PHX_YYTOKENTYPE
  enum phx_yytokentype
  {
    PHX_YYEMPTY = -2,
    END = 0,                       /* "end of file"  */
    PHX_YYerror = 256,             /* error  */
    PHX_YYUNDEF = 257,             /* "invalid token"  */
    STACK = 258,                   /* "'stack'"  */
    RESOURCE = 259,                /* "'resource'"  */
    PARAM = 260,                   /* "'param'"  */
    OUTPUT = 261,                  /* "'output'"  */
    ENV = 262,                     /* "'env'"  */
    IMPORT = 263,                  /* "'import'"  */
    COMPONENT = 264,               /* "'component'"  */
    EXPORT = 265,                  /* "'export'"  */
    IF = 266,                      /* "'if'"  */
    THEN = 267,                    /* "'then'"  */
    ELSE = 268,                    /* "'else'"  */
    FOR = 269,                     /* "'for'"  */
    IN = 270,                      /* "'in'"  */
    TRUE = 271,                    /* "'true'"  */
    FALSE = 272,                   /* "'false'"  */
    DOTDOT = 273,                  /* "'..'"  */
    EQ = 274,                      /* "'=='"  */
    NE = 275,                      /* "'!='"  */
    LE = 276,                      /* "'<='"  */
    GE = 277,                      /* "'>='"  */
    AND = 278,                     /* "'&&'"  */
    OR = 279,                      /* "'||'"  */
    ARROW = 280,                   /* "'->'"  */
    IDENT = 281,                   /* "identifier"  */
    INT = 282,                     /* "integer"  */
    DECIMAL = 283,                 /* "decimal number"  */
    UNIT = 284,                    /* "quantity"  */
    STR_START = 285,               /* "string"  */
    STR_TEXT = 286,                /* "text"  */
    STR_END = 287,                 /* "end of string"  */
    INTERP_START = 288,            /* "'${'"  */
    INTERP_END = 289               /* "'}' closing '${'"  */
  };
  typedef enum phx_yytokentype phx_yytoken_kind_t;
#endif

/* Value type.  */
#if ! defined PHX_YYSTYPE && ! defined PHX_YYSTYPE_IS_DECLARED
union PHX_YYSTYPE
{
#line 85 "./grammar/phx.y"

	struct ast_ident id;
	struct ast_node *node;
	struct { const char *s; size_t len; } text;
	struct ast_list list;

#line 121 "grammar/phx-parse.h"

};
typedef union PHX_YYSTYPE PHX_YYSTYPE;
# define PHX_YYSTYPE_IS_TRIVIAL 1
# define PHX_YYSTYPE_IS_DECLARED 1
#endif

/* Location type.  */
typedef struct phx_loc PHX_YYLTYPE;




int phx_yyparse (struct phx_parser *p);

/* "%code provides" blocks.  */
#line 12 "./grammar/phx.y"

int phx_yylex(PHX_YYSTYPE *lval, PHX_YYLTYPE *lloc, void *scanner);

#line 142 "grammar/phx-parse.h"

#endif /* !YY_PHX_YY_GRAMMAR_PHX_PARSE_H_INCLUDED  */
