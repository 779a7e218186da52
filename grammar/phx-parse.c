/* A Bison parser, made by GNU Bison 3.8.2.  */

/* Bison implementation for Yacc-like parsers in C

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

/* C LALR(1) parser skeleton written by Richard Stallman, by
   simplifying the original so-called "semantic" parser.  */

/* DO NOT RELY ON FEATURES THAT ARE NOT DOCUMENTED in the manual,
   especially those whose name start with YY_ or yy_.  They are
   private implementation details that can be changed or removed.  */

/* All symbols defined below should begin with yy or YY, to avoid
   infringing on user name space.  This should be done even for local
   variables, as they might otherwise be expanded by user macros.
   There are some unavoidable exceptions within include files to
   define necessary library symbols; they are noted "INFRINGES ON
   USER NAME SPACE" below.  */

/* Identify Bison output, and Bison version.  */
#define YYBISON 30802

/* Bison version string.  */
#define YYBISON_VERSION "3.8.2"

/* Skeleton name.  */
#define YYSKELETON_NAME "yacc.c"

/* Pure parsers.  */
#define YYPURE 2

/* Push parsers.  */
#define YYPUSH 0

/* Pull parsers.  */
#define YYPULL 1

/* Substitute the type names.  */
#define YYSTYPE         PHX_YYSTYPE
#define YYLTYPE         PHX_YYLTYPE
/* Substitute the variable and function names.  */
#define yyparse         phx_yyparse
#define yylex           phx_yylex
#define yyerror         phx_yyerror
#define yydebug         phx_yydebug
#define yynerrs         phx_yynerrs


# ifndef YY_CAST
#  ifdef __cplusplus
#   define YY_CAST(Type, Val) static_cast<Type> (Val)
#   define YY_REINTERPRET_CAST(Type, Val) reinterpret_cast<Type> (Val)
#  else
#   define YY_CAST(Type, Val) ((Type) (Val))
#   define YY_REINTERPRET_CAST(Type, Val) ((Type) (Val))
#  endif
# endif
# ifndef YY_NULLPTR
#  if defined __cplusplus
#   if 201103L <= __cplusplus
#    define YY_NULLPTR nullptr
#   else
#    define YY_NULLPTR 0
#   endif
#  else
#   define YY_NULLPTR ((void*)0)
#  endif
# endif

#include "phx-parse.h"
/* Symbol kind.  */
enum yysymbol_kind_t
{
  YYSYMBOL_YYEMPTY = -2,
  YYSYMBOL_YYEOF = 0,                      /* "end of file"  */
  YYSYMBOL_YYerror = 1,                    /* error  */
  YYSYMBOL_YYUNDEF = 2,                    /* "invalid token"  */
  YYSYMBOL_STACK = 3,                      /* "'stack'"  */
  YYSYMBOL_RESOURCE = 4,                   /* "'resource'"  */
  YYSYMBOL_PARAM = 5,                      /* "'param'"  */
  YYSYMBOL_OUTPUT = 6,                     /* "'output'"  */
  YYSYMBOL_ENV = 7,                        /* "'env'"  */
  YYSYMBOL_IMPORT = 8,                     /* "'import'"  */
  YYSYMBOL_COMPONENT = 9,                  /* "'component'"  */
  YYSYMBOL_EXPORT = 10,                    /* "'export'"  */
  YYSYMBOL_IF = 11,                        /* "'if'"  */
  YYSYMBOL_THEN = 12,                      /* "'then'"  */
  YYSYMBOL_ELSE = 13,                      /* "'else'"  */
  YYSYMBOL_FOR = 14,                       /* "'for'"  */
  YYSYMBOL_IN = 15,                        /* "'in'"  */
  YYSYMBOL_TRUE = 16,                      /* "'true'"  */
  YYSYMBOL_FALSE = 17,                     /* "'false'"  */
  YYSYMBOL_DOTDOT = 18,                    /* "'..'"  */
  YYSYMBOL_EQ = 19,                        /* "'=='"  */
  YYSYMBOL_NE = 20,                        /* "'!='"  */
  YYSYMBOL_LE = 21,                        /* "'<='"  */
  YYSYMBOL_GE = 22,                        /* "'>='"  */
  YYSYMBOL_AND = 23,                       /* "'&&'"  */
  YYSYMBOL_OR = 24,                        /* "'||'"  */
  YYSYMBOL_ARROW = 25,                     /* "'->'"  */
  YYSYMBOL_IDENT = 26,                     /* "identifier"  */
  YYSYMBOL_INT = 27,                       /* "integer"  */
  YYSYMBOL_DECIMAL = 28,                   /* "decimal number"  */
  YYSYMBOL_UNIT = 29,                      /* "quantity"  */
  YYSYMBOL_STR_START = 30,                 /* "string"  */
  YYSYMBOL_STR_TEXT = 31,                  /* "text"  */
  YYSYMBOL_STR_END = 32,                   /* "end of string"  */
  YYSYMBOL_INTERP_START = 33,              /* "'${'"  */
  YYSYMBOL_INTERP_END = 34,                /* "'}' closing '${'"  */
  YYSYMBOL_35_ = 35,                       /* ':'  */
  YYSYMBOL_36_ = 36,                       /* '='  */
  YYSYMBOL_37_ = 37,                       /* '{'  */
  YYSYMBOL_38_ = 38,                       /* '}'  */
  YYSYMBOL_39_ = 39,                       /* ','  */
  YYSYMBOL_40_ = 40,                       /* '-'  */
  YYSYMBOL_41_ = 41,                       /* '['  */
  YYSYMBOL_42_ = 42,                       /* ']'  */
  YYSYMBOL_43_ = 43,                       /* '.'  */
  YYSYMBOL_44_ = 44,                       /* '('  */
  YYSYMBOL_45_ = 45,                       /* ')'  */
  YYSYMBOL_YYACCEPT = 46,                  /* $accept  */
  YYSYMBOL_file = 47,                      /* file  */
  YYSYMBOL_items = 48,                     /* items  */
  YYSYMBOL_item = 49,                      /* item  */
  YYSYMBOL_stack_decl = 50,                /* stack_decl  */
  YYSYMBOL_resource_decl = 51,             /* resource_decl  */
  YYSYMBOL_param_decl = 52,                /* param_decl  */
  YYSYMBOL_ptype = 53,                     /* ptype  */
  YYSYMBOL_opt_default = 54,               /* opt_default  */
  YYSYMBOL_opt_block = 55,                 /* opt_block  */
  YYSYMBOL_output_decl = 56,               /* output_decl  */
  YYSYMBOL_env_decl = 57,                  /* env_decl  */
  YYSYMBOL_block = 58,                     /* block  */
  YYSYMBOL_entries = 59,                   /* entries  */
  YYSYMBOL_entry = 60,                     /* entry  */
  YYSYMBOL_key = 61,                       /* key  */
  YYSYMBOL_expr = 62,                      /* expr  */
  YYSYMBOL_primary = 63,                   /* primary  */
  YYSYMBOL_string = 64,                    /* string  */
  YYSYMBOL_parts = 65,                     /* parts  */
  YYSYMBOL_list = 66,                      /* list  */
  YYSYMBOL_list_items = 67,                /* list_items  */
  YYSYMBOL_map = 68,                       /* map  */
  YYSYMBOL_ref = 69,                       /* ref  */
  YYSYMBOL_call = 70,                      /* call  */
  YYSYMBOL_args = 71                       /* args  */
};
typedef enum yysymbol_kind_t yysymbol_kind_t;



/* Unqualified %code blocks.  */
#line 16 "./grammar/phx.y"

#include "phx.h"
#include "arena.h"
#include "diag.h"
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#define scanner (p->scanner)

static void phx_yyerror(const struct phx_loc *loc, struct phx_parser *p, const char *msg)
{
	diag_error(p->diag, *loc, "%s", msg);
}
#define A (p->arena)

#define YYLLOC_DEFAULT(Cur, Rhs, N)					\
	do {								\
		if (N) {						\
			(Cur).file = YYRHSLOC(Rhs, 1).file;		\
			(Cur).start = YYRHSLOC(Rhs, 1).start;		\
			(Cur).end = YYRHSLOC(Rhs, N).end;		\
		} else {						\
			(Cur).file = YYRHSLOC(Rhs, 0).file;		\
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;	\
		}							\
	} while (0)

#define YYMALLOC xmalloc
#define YYFREE free

static struct ast_node *list_node(struct phx_parser *p, enum ast_kind kind, struct phx_loc loc,
				  struct ast_list *l)
{
	struct ast_node *n = ast_new(p->arena, kind, loc);

	n->list.items = l->head;
	n->list.n = l->n;
	return n;
}

static struct ast_node *entry_node(struct phx_parser *p, struct phx_loc loc, struct ast_ident key,
				   struct ast_node *value)
{
	struct ast_node *n = ast_new(p->arena, AST_ENTRY, loc);

	n->entry.key = key;
	n->entry.value = value;
	return n;
}

#line 235 "grammar/phx-parse.c"

#ifdef short
# undef short
#endif

/* On compilers that do not define __PTRDIFF_MAX__ etc., make sure
   <limits.h> and (if available) <stdint.h> are included
   so that the code can choose integer types of a good width.  */

#ifndef __PTRDIFF_MAX__
# include <limits.h> /* INFRINGES ON USER NAME SPACE */
# if defined __STDC_VERSION__ && 199901 <= __STDC_VERSION__
#  include <stdint.h> /* INFRINGES ON USER NAME SPACE */
#  define YY_STDINT_H
# endif
#endif

/* Narrow types that promote to a signed type and that can represent a
   signed or unsigned integer of at least N bits.  In tables they can
   save space and decrease cache pressure.  Promoting to a signed type
   helps avoid bugs in integer arithmetic.  */

#ifdef __INT_LEAST8_MAX__
typedef __INT_LEAST8_TYPE__ yytype_int8;
#elif defined YY_STDINT_H
typedef int_least8_t yytype_int8;
#else
typedef signed char yytype_int8;
#endif

#ifdef __INT_LEAST16_MAX__
typedef __INT_LEAST16_TYPE__ yytype_int16;
#elif defined YY_STDINT_H
typedef int_least16_t yytype_int16;
#else
typedef short yytype_int16;
#endif

/* Work around bug in HP-UX 11.23, which defines these macros
   incorrectly for preprocessor constants.  This workaround can likely
   be removed in 2023, as HPE has promised support for HP-UX 11.23
   (aka HP-UX 11i v2) only through the end of 2022; see Table 2 of
   <https://h20195.www2.hpe.com/V2/getpdf.aspx/4AA4-7673ENW.pdf>.  */
#ifdef __hpux
# undef UINT_LEAST8_MAX
# undef UINT_LEAST16_MAX
# define UINT_LEAST8_MAX 255
# define UINT_LEAST16_MAX 65535
#endif

#if defined __UINT_LEAST8_MAX__ && __UINT_LEAST8_MAX__ <= __INT_MAX__
typedef __UINT_LEAST8_TYPE__ yytype_uint8;
#elif (!defined __UINT_LEAST8_MAX__ && defined YY_STDINT_H \
       && UINT_LEAST8_MAX <= INT_MAX)
typedef uint_least8_t yytype_uint8;
#elif !defined __UINT_LEAST8_MAX__ && UCHAR_MAX <= INT_MAX
typedef unsigned char yytype_uint8;
#else
typedef short yytype_uint8;
#endif

#if defined __UINT_LEAST16_MAX__ && __UINT_LEAST16_MAX__ <= __INT_MAX__
typedef __UINT_LEAST16_TYPE__ yytype_uint16;
#elif (!defined __UINT_LEAST16_MAX__ && defined YY_STDINT_H \
       && UINT_LEAST16_MAX <= INT_MAX)
typedef uint_least16_t yytype_uint16;
#elif !defined __UINT_LEAST16_MAX__ && USHRT_MAX <= INT_MAX
typedef unsigned short yytype_uint16;
#else
typedef int yytype_uint16;
#endif

#ifndef YYPTRDIFF_T
# if defined __PTRDIFF_TYPE__ && defined __PTRDIFF_MAX__
#  define YYPTRDIFF_T __PTRDIFF_TYPE__
#  define YYPTRDIFF_MAXIMUM __PTRDIFF_MAX__
# elif defined PTRDIFF_MAX
#  ifndef ptrdiff_t
#   include <stddef.h> /* INFRINGES ON USER NAME SPACE */
#  endif
#  define YYPTRDIFF_T ptrdiff_t
#  define YYPTRDIFF_MAXIMUM PTRDIFF_MAX
# else
#  define YYPTRDIFF_T long
#  define YYPTRDIFF_MAXIMUM LONG_MAX
# endif
#endif

#ifndef YYSIZE_T
# ifdef __SIZE_TYPE__
#  define YYSIZE_T __SIZE_TYPE__
# elif defined size_t
#  define YYSIZE_T size_t
# elif defined __STDC_VERSION__ && 199901 <= __STDC_VERSION__
#  include <stddef.h> /* INFRINGES ON USER NAME SPACE */
#  define YYSIZE_T size_t
# else
#  define YYSIZE_T unsigned
# endif
#endif

#define YYSIZE_MAXIMUM                                  \
  YY_CAST (YYPTRDIFF_T,                                 \
           (YYPTRDIFF_MAXIMUM < YY_CAST (YYSIZE_T, -1)  \
            ? YYPTRDIFF_MAXIMUM                         \
            : YY_CAST (YYSIZE_T, -1)))

#define YYSIZEOF(X) YY_CAST (YYPTRDIFF_T, sizeof (X))


/* Stored state numbers (used for stacks). */
typedef yytype_int8 yy_state_t;

/* State numbers in computations.  */
typedef int yy_state_fast_t;

#ifndef YY_
# if defined YYENABLE_NLS && YYENABLE_NLS
#  if ENABLE_NLS
#   include <libintl.h> /* INFRINGES ON USER NAME SPACE */
#   define YY_(Msgid) dgettext ("bison-runtime", Msgid)
#  endif
# endif
# ifndef YY_
#  define YY_(Msgid) Msgid
# endif
#endif


#ifndef YY_ATTRIBUTE_PURE
# if defined __GNUC__ && 2 < __GNUC__ + (96 <= __GNUC_MINOR__)
#  define YY_ATTRIBUTE_PURE __attribute__ ((__pure__))
# else
#  define YY_ATTRIBUTE_PURE
# endif
#endif

#ifndef YY_ATTRIBUTE_UNUSED
# if defined __GNUC__ && 2 < __GNUC__ + (7 <= __GNUC_MINOR__)
#  define YY_ATTRIBUTE_UNUSED __attribute__ ((__unused__))
# else
#  define YY_ATTRIBUTE_UNUSED
# endif
#endif

/* Suppress unused-variable warnings by "using" E.  */
#if ! defined lint || defined __GNUC__
# define YY_USE(E) ((void) (E))
#else
# define YY_USE(E) /* empty */
#endif

/* Suppress an incorrect diagnostic about yylval being uninitialized.  */
#if defined __GNUC__ && ! defined __ICC && 406 <= __GNUC__ * 100 + __GNUC_MINOR__
# if __GNUC__ * 100 + __GNUC_MINOR__ < 407
#  define YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN                           \
    _Pragma ("GCC diagnostic push")                                     \
    _Pragma ("GCC diagnostic ignored \"-Wuninitialized\"")
# else
#  define YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN                           \
    _Pragma ("GCC diagnostic push")                                     \
    _Pragma ("GCC diagnostic ignored \"-Wuninitialized\"")              \
    _Pragma ("GCC diagnostic ignored \"-Wmaybe-uninitialized\"")
# endif
# define YY_IGNORE_MAYBE_UNINITIALIZED_END      \
    _Pragma ("GCC diagnostic pop")
#else
# define YY_INITIAL_VALUE(Value) Value
#endif
#ifndef YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
# define YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
# define YY_IGNORE_MAYBE_UNINITIALIZED_END
#endif
#ifndef YY_INITIAL_VALUE
# define YY_INITIAL_VALUE(Value) /* Nothing. */
#endif

#if defined __cplusplus && defined __GNUC__ && ! defined __ICC && 6 <= __GNUC__
# define YY_IGNORE_USELESS_CAST_BEGIN                          \
    _Pragma ("GCC diagnostic push")                            \
    _Pragma ("GCC diagnostic ignored \"-Wuseless-cast\"")
# define YY_IGNORE_USELESS_CAST_END            \
    _Pragma ("GCC diagnostic pop")
#endif
#ifndef YY_IGNORE_USELESS_CAST_BEGIN
# define YY_IGNORE_USELESS_CAST_BEGIN
# define YY_IGNORE_USELESS_CAST_END
#endif


#define YY_ASSERT(E) ((void) (0 && (E)))

#if 1

/* The parser invokes alloca or malloc; define the necessary symbols.  */

# ifdef YYSTACK_ALLOC
   /* Pacify GCC's 'empty if-body' warning.  */
#  define YYSTACK_FREE(Ptr) do { /* empty */; } while (0)
#  ifndef YYSTACK_ALLOC_MAXIMUM
    /* The OS might guarantee only one guard page at the bottom of the stack,
       and a page size can be as small as 4096 bytes.  So we cannot safely
       invoke alloca (N) if N exceeds 4096.  Use a slightly smaller number
       to allow for a few compiler-allocated temporary stack slots.  */
#   define YYSTACK_ALLOC_MAXIMUM 4032 /* reasonable circa 2006 */
#  endif
# else
#  define YYSTACK_ALLOC YYMALLOC
#  define YYSTACK_FREE YYFREE
#  ifndef YYSTACK_ALLOC_MAXIMUM
#   define YYSTACK_ALLOC_MAXIMUM YYSIZE_MAXIMUM
#  endif
#  if (defined __cplusplus && ! defined EXIT_SUCCESS \
       && ! ((defined YYMALLOC || defined malloc) \
             && (defined YYFREE || defined free)))
#   include <stdlib.h> /* INFRINGES ON USER NAME SPACE */
#   ifndef EXIT_SUCCESS
#    define EXIT_SUCCESS 0
#   endif
#  endif
#  ifndef YYMALLOC
#   define YYMALLOC malloc
#   if ! defined malloc && ! defined EXIT_SUCCESS
void *malloc (YYSIZE_T); /* INFRINGES ON USER NAME SPACE */
#   endif
#  endif
#  ifndef YYFREE
#   define YYFREE free
#   if ! defined free && ! defined EXIT_SUCCESS
void free (void *); /* INFRINGES ON USER NAME SPACE */
#   endif
#  endif
# endif
# define YYCOPY_NEEDED 1
#endif /* 1 */

#if (! defined yyoverflow \
     && (! defined __cplusplus \
         || (defined PHX_YYLTYPE_IS_TRIVIAL && PHX_YYLTYPE_IS_TRIVIAL \
             && defined PHX_YYSTYPE_IS_TRIVIAL && PHX_YYSTYPE_IS_TRIVIAL)))

/* A type that is properly aligned for any stack member.  */
union yyalloc
{
  yy_state_t yyss_alloc;
  YYSTYPE yyvs_alloc;
  YYLTYPE yyls_alloc;
};

/* The size of the maximum gap between one aligned stack and the next.  */
# define YYSTACK_GAP_MAXIMUM (YYSIZEOF (union yyalloc) - 1)

/* The size of an array large to enough to hold all stacks, each with
   N elements.  */
# define YYSTACK_BYTES(N) \
     ((N) * (YYSIZEOF (yy_state_t) + YYSIZEOF (YYSTYPE) \
             + YYSIZEOF (YYLTYPE)) \
      + 2 * YYSTACK_GAP_MAXIMUM)

# define YYCOPY_NEEDED 1

/* Relocate STACK from its old location to the new one.  The
   local variables YYSIZE and YYSTACKSIZE give the old and new number of
   elements in the stack, and YYPTR gives the new location of the
   stack.  Advance YYPTR to a properly aligned location for the next
   stack.  */
# define YYSTACK_RELOCATE(Stack_alloc, Stack)                           \
    do                                                                  \
      {                                                                 \
        YYPTRDIFF_T yynewbytes;                                         \
        YYCOPY (&yyptr->Stack_alloc, Stack, yysize);                    \
        Stack = &yyptr->Stack_alloc;                                    \
        yynewbytes = yystacksize * YYSIZEOF (*Stack) + YYSTACK_GAP_MAXIMUM; \
        yyptr += yynewbytes / YYSIZEOF (*yyptr);                        \
      }                                                                 \
    while (0)

#endif

#if defined YYCOPY_NEEDED && YYCOPY_NEEDED
/* Copy COUNT objects from SRC to DST.  The source and destination do
   not overlap.  */
# ifndef YYCOPY
#  if defined __GNUC__ && 1 < __GNUC__
#   define YYCOPY(Dst, Src, Count) \
      __builtin_memcpy (Dst, Src, YY_CAST (YYSIZE_T, (Count)) * sizeof (*(Src)))
#  else
#   define YYCOPY(Dst, Src, Count)              \
      do                                        \
        {                                       \
          YYPTRDIFF_T yyi;                      \
          for (yyi = 0; yyi < (Count); yyi++)   \
            (Dst)[yyi] = (Src)[yyi];            \
        }                                       \
      while (0)
#  endif
# endif
#endif /* !YYCOPY_NEEDED */

/* YYFINAL -- State number of the termination state.  */
#define YYFINAL  3
/* YYLAST -- Last index in YYTABLE.  */
#define YYLAST   119

/* YYNTOKENS -- Number of terminals.  */
#define YYNTOKENS  46
/* YYNNTS -- Number of nonterminals.  */
#define YYNNTS  26
/* YYNRULES -- Number of rules.  */
#define YYNRULES  59
/* YYNSTATES -- Number of states.  */
#define YYNSTATES  88

/* YYMAXUTOK -- Last valid token kind.  */
#define YYMAXUTOK   289


/* YYTRANSLATE(TOKEN-NUM) -- Symbol number corresponding to TOKEN-NUM
   as returned by yylex, with out-of-bounds checking.  */
#define YYTRANSLATE(YYX)                                \
  (0 <= (YYX) && (YYX) <= YYMAXUTOK                     \
   ? YY_CAST (yysymbol_kind_t, yytranslate[YYX])        \
   : YYSYMBOL_YYUNDEF)

/* YYTRANSLATE[TOKEN-NUM] -- Symbol number corresponding to TOKEN-NUM
   as returned by yylex.  */
static const yytype_int8 yytranslate[] =
{
       0,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
      44,    45,     2,     2,    39,    40,    43,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,    35,     2,
       2,    36,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,    41,     2,    42,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,    37,     2,    38,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     1,     2,     3,     4,
       5,     6,     7,     8,     9,    10,    11,    12,    13,    14,
      15,    16,    17,    18,    19,    20,    21,    22,    23,    24,
      25,    26,    27,    28,    29,    30,    31,    32,    33,    34
};

#if PHX_YYDEBUG
/* YYRLINE[YYN] -- Source line where rule number YYN was defined.  */
static const yytype_int16 yyrline[] =
{
       0,   113,   113,   117,   118,   122,   123,   124,   125,   126,
     127,   132,   141,   151,   163,   164,   168,   169,   173,   174,
     179,   191,   199,   204,   205,   206,   210,   211,   212,   216,
     217,   231,   232,   236,   237,   238,   239,   240,   241,   242,
     243,   244,   245,   249,   253,   254,   262,   263,   267,   271,
     272,   273,   277,   282,   283,   284,   288,   297,   298,   299
};
#endif

/** Accessing symbol of state STATE.  */
#define YY_ACCESSING_SYMBOL(State) YY_CAST (yysymbol_kind_t, yystos[State])

#if 1
/* The user-facing name of the symbol whose (internal) number is
   YYSYMBOL.  No bounds checking.  */
static const char *yysymbol_name (yysymbol_kind_t yysymbol) YY_ATTRIBUTE_UNUSED;

static const char *
yysymbol_name (yysymbol_kind_t yysymbol)
{
  static const char *const yy_sname[] =
  {
  "end of file", "error", "invalid token", "'stack'", "'resource'",
  "'param'", "'output'", "'env'", "'import'", "'component'", "'export'",
  "'if'", "'then'", "'else'", "'for'", "'in'", "'true'", "'false'", "'..'",
  "'=='", "'!='", "'<='", "'>='", "'&&'", "'||'", "'->'", "identifier",
  "integer", "decimal number", "quantity", "string", "text",
  "end of string", "'${'", "'}' closing '${'", "':'", "'='", "'{'", "'}'",
  "','", "'-'", "'['", "']'", "'.'", "'('", "')'", "$accept", "file",
  "items", "item", "stack_decl", "resource_decl", "param_decl", "ptype",
  "opt_default", "opt_block", "output_decl", "env_decl", "block",
  "entries", "entry", "key", "expr", "primary", "string", "parts", "list",
  "list_items", "map", "ref", "call", "args", YY_NULLPTR
  };
  return yy_sname[yysymbol];
}
#endif

#define YYPACT_NINF (-58)

#define yypact_value_is_default(Yyn) \
  ((Yyn) == YYPACT_NINF)

#define YYTABLE_NINF (-3)

#define yytable_value_is_error(Yyn) \
  0

/* YYPACT[STATE-NUM] -- Index in YYTABLE of the portion describing
   STATE-NUM.  */
static const yytype_int8 yypact[] =
{
     -58,    15,    96,   -58,   -58,   -21,    -8,    -6,    -3,    -1,
     -58,   -58,   -58,   -58,   -58,   -58,     1,     6,    21,    24,
       1,   -58,   -58,   -58,     1,    29,    47,   -58,    13,    58,
     -58,   -58,    30,   -58,   -58,   -58,   -58,    28,   -58,   -58,
     -58,   -58,    78,   -58,     1,   -58,   -58,   -58,   -58,    22,
     -58,   -58,   -58,   -58,   -58,   -58,    56,   -58,   -58,   -58,
       0,    47,     1,   -58,    23,   -58,    41,   -58,   -58,    53,
      47,   -58,    52,    64,   -58,   -58,     5,   -58,   -58,   -58,
     -58,   -58,   -58,   -58,   -58,   -58,   -58,   -58
};

/* YYDEFACT[STATE-NUM] -- Default reduction number in state STATE-NUM.
   Performed when YYTABLE does not specify something else to do.  Zero
   means the default is an error.  */
static const yytype_int8 yydefact[] =
{
       3,     0,     0,     1,    10,     0,     0,     0,     0,     0,
       4,     5,     6,     7,     8,     9,     0,     0,     0,     0,
       0,    23,    11,    44,     0,     0,     0,    21,     0,     0,
      12,    14,    16,    15,    54,    36,    37,    53,    33,    34,
      35,    23,     0,    49,    18,    31,    38,    39,    40,    41,
      42,    28,    29,    22,    25,    24,     0,    30,    45,    43,
       0,     0,    18,    57,     0,    32,     0,    20,    19,     0,
       0,    27,     0,     0,    17,    13,     0,    52,    51,    48,
      50,    55,    26,    47,    46,    59,    56,    58
};

/* YYPGOTO[NTERM-NUM].  */
static const yytype_int8 yypgoto[] =
{
     -58,   -58,   -58,   -58,   -58,   -58,   -58,   -58,   -58,    48,
     -58,   -58,   -14,    68,   -58,   -58,   -57,    69,   -17,   -58,
     -58,   -58,    57,   -58,   -58,   -58
};

/* YYDEFGOTO[NTERM-NUM].  */
static const yytype_int8 yydefgoto[] =
{
       0,     1,     2,    10,    11,    12,    13,    32,    62,    67,
      14,    15,    68,    28,    55,    56,    44,    45,    46,    29,
      47,    66,    48,    49,    50,    76
};

/* YYTABLE[YYPACT[STATE-NUM]] -- What to do in state STATE-NUM.  If
   positive, shift that token.  If negative, reduce the rule whose
   number is the opposite.  If YYTABLE_NINF, syntax error.  */
static const yytype_int8 yytable[] =
{
      24,    72,    22,    73,    74,    16,    27,    34,    33,    80,
      30,    57,    34,    82,    51,     3,    35,    36,    17,    87,
      18,    35,    36,    19,    51,    20,    37,    38,    39,    40,
      23,    37,    38,    39,    40,    23,    23,    41,    21,    52,
      42,    43,    41,    23,    85,    42,    43,    57,    34,    52,
      86,    53,    54,    23,    34,    31,    25,    35,    36,    23,
      26,    77,    54,    35,    36,    69,    61,    37,    38,    39,
      40,    23,    63,    37,    38,    39,    40,    23,    41,    81,
      78,    42,    43,    79,    41,    34,    83,    42,    43,    58,
      59,    60,    70,    41,    35,    36,    -2,     4,    84,     5,
       6,     7,     8,     9,    37,    38,    39,    40,    23,    64,
      75,    65,     0,    71,     0,    41,     0,     0,     0,    43
};

static const yytype_int8 yycheck[] =
{
      17,     1,    16,    60,    61,    26,    20,     7,    25,    66,
      24,    28,     7,    70,     1,     0,    16,    17,    26,    76,
      26,    16,    17,    26,     1,    26,    26,    27,    28,    29,
      30,    26,    27,    28,    29,    30,    30,    37,    37,    26,
      40,    41,    37,    30,    39,    40,    41,    64,     7,    26,
      45,    38,    39,    30,     7,    26,    35,    16,    17,    30,
      36,    38,    39,    16,    17,    43,    36,    26,    27,    28,
      29,    30,    44,    26,    27,    28,    29,    30,    37,    26,
      39,    40,    41,    42,    37,     7,    34,    40,    41,    31,
      32,    33,    36,    37,    16,    17,     0,     1,    34,     3,
       4,     5,     6,     7,    26,    27,    28,    29,    30,    41,
      62,    42,    -1,    56,    -1,    37,    -1,    -1,    -1,    41
};

/* YYSTOS[STATE-NUM] -- The symbol kind of the accessing symbol of
   state STATE-NUM.  */
static const yytype_int8 yystos[] =
{
       0,    47,    48,     0,     1,     3,     4,     5,     6,     7,
      49,    50,    51,    52,    56,    57,    26,    26,    26,    26,
      26,    37,    58,    30,    64,    35,    36,    58,    59,    65,
      58,    26,    53,    64,     7,    16,    17,    26,    27,    28,
      29,    37,    40,    41,    62,    63,    64,    66,    68,    69,
      70,     1,    26,    38,    39,    60,    61,    64,    31,    32,
      33,    36,    54,    44,    59,    63,    67,    55,    58,    43,
      36,    68,     1,    62,    62,    55,    71,    38,    39,    42,
      62,    26,    62,    34,    34,    39,    45,    62
};

/* YYR1[RULE-NUM] -- Symbol kind of the left-hand side of rule RULE-NUM.  */
static const yytype_int8 yyr1[] =
{
       0,    46,    47,    48,    48,    49,    49,    49,    49,    49,
      49,    50,    51,    52,    53,    53,    54,    54,    55,    55,
      56,    57,    58,    59,    59,    59,    60,    60,    60,    61,
      61,    62,    62,    63,    63,    63,    63,    63,    63,    63,
      63,    63,    63,    64,    65,    65,    65,    65,    66,    67,
      67,    67,    68,    69,    69,    69,    70,    71,    71,    71
};

/* YYR2[RULE-NUM] -- Number of symbols on the right-hand side of rule RULE-NUM.  */
static const yytype_int8 yyr2[] =
{
       0,     2,     1,     0,     2,     1,     1,     1,     1,     1,
       1,     3,     4,     6,     1,     1,     0,     2,     0,     1,
       5,     3,     3,     0,     2,     2,     3,     2,     1,     1,
       1,     1,     2,     1,     1,     1,     1,     1,     1,     1,
       1,     1,     1,     3,     0,     2,     4,     4,     3,     0,
       2,     2,     3,     1,     1,     3,     4,     0,     2,     2
};


enum { YYENOMEM = -2 };

#define yyerrok         (yyerrstatus = 0)
#define yyclearin       (yychar = PHX_YYEMPTY)

#define YYACCEPT        goto yyacceptlab
#define YYABORT         goto yyabortlab
#define YYERROR         goto yyerrorlab
#define YYNOMEM         goto yyexhaustedlab


#define YYRECOVERING()  (!!yyerrstatus)

#define YYBACKUP(Token, Value)                                    \
  do                                                              \
    if (yychar == PHX_YYEMPTY)                                        \
      {                                                           \
        yychar = (Token);                                         \
        yylval = (Value);                                         \
        YYPOPSTACK (yylen);                                       \
        yystate = *yyssp;                                         \
        YY_LAC_DISCARD ("YYBACKUP");                              \
        goto yybackup;                                            \
      }                                                           \
    else                                                          \
      {                                                           \
        yyerror (&yylloc, p, YY_("syntax error: cannot back up")); \
        YYERROR;                                                  \
      }                                                           \
  while (0)

/* Backward compatibility with an undocumented macro.
   Use PHX_YYerror or PHX_YYUNDEF. */
#define YYERRCODE PHX_YYUNDEF

/* YYLLOC_DEFAULT -- Set CURRENT to span from RHS[1] to RHS[N].
   If N is 0, then set CURRENT to the empty location which ends
   the previous symbol: RHS[0] (always defined).  */

#ifndef YYLLOC_DEFAULT
# define YYLLOC_DEFAULT(Current, Rhs, N)                                \
    do                                                                  \
      if (N)                                                            \
        {                                                               \
          (Current).first_line   = YYRHSLOC (Rhs, 1).first_line;        \
          (Current).first_column = YYRHSLOC (Rhs, 1).first_column;      \
          (Current).last_line    = YYRHSLOC (Rhs, N).last_line;         \
          (Current).last_column  = YYRHSLOC (Rhs, N).last_column;       \
        }                                                               \
      else                                                              \
        {                                                               \
          (Current).first_line   = (Current).last_line   =              \
            YYRHSLOC (Rhs, 0).last_line;                                \
          (Current).first_column = (Current).last_column =              \
            YYRHSLOC (Rhs, 0).last_column;                              \
        }                                                               \
    while (0)
#endif

#define YYRHSLOC(Rhs, K) ((Rhs)[K])


/* Enable debugging if requested.  */
#if PHX_YYDEBUG

# ifndef YYFPRINTF
#  include <stdio.h> /* INFRINGES ON USER NAME SPACE */
#  define YYFPRINTF fprintf
# endif

# define YYDPRINTF(Args)                        \
do {                                            \
  if (yydebug)                                  \
    YYFPRINTF Args;                             \
} while (0)


/* YYLOCATION_PRINT -- Print the location on the stream.
   This macro was not mandated originally: define only if we know
   we won't break user code: when these are the locations we know.  */

# ifndef YYLOCATION_PRINT

#  if defined YY_LOCATION_PRINT

   /* Temporary convenience wrapper in case some people defined the
      undocumented and private YY_LOCATION_PRINT macros.  */
#   define YYLOCATION_PRINT(File, Loc)  YY_LOCATION_PRINT(File, *(Loc))

#  elif defined PHX_YYLTYPE_IS_TRIVIAL && PHX_YYLTYPE_IS_TRIVIAL

/* Print *YYLOCP on YYO.  Private, do not rely on its existence. */

YY_ATTRIBUTE_UNUSED
static int
yy_location_print_ (FILE *yyo, YYLTYPE const * const yylocp)
{
  int res = 0;
  int end_col = 0 != yylocp->last_column ? yylocp->last_column - 1 : 0;
  if (0 <= yylocp->first_line)
    {
      res += YYFPRINTF (yyo, "%d", yylocp->first_line);
      if (0 <= yylocp->first_column)
        res += YYFPRINTF (yyo, ".%d", yylocp->first_column);
    }
  if (0 <= yylocp->last_line)
    {
      if (yylocp->first_line < yylocp->last_line)
        {
          res += YYFPRINTF (yyo, "-%d", yylocp->last_line);
          if (0 <= end_col)
            res += YYFPRINTF (yyo, ".%d", end_col);
        }
      else if (0 <= end_col && yylocp->first_column < end_col)
        res += YYFPRINTF (yyo, "-%d", end_col);
    }
  return res;
}

#   define YYLOCATION_PRINT  yy_location_print_

    /* Temporary convenience wrapper in case some people defined the
       undocumented and private YY_LOCATION_PRINT macros.  */
#   define YY_LOCATION_PRINT(File, Loc)  YYLOCATION_PRINT(File, &(Loc))

#  else

#   define YYLOCATION_PRINT(File, Loc) ((void) 0)
    /* Temporary convenience wrapper in case some people defined the
       undocumented and private YY_LOCATION_PRINT macros.  */
#   define YY_LOCATION_PRINT  YYLOCATION_PRINT

#  endif
# endif /* !defined YYLOCATION_PRINT */


# define YY_SYMBOL_PRINT(Title, Kind, Value, Location)                    \
do {                                                                      \
  if (yydebug)                                                            \
    {                                                                     \
      YYFPRINTF (stderr, "%s ", Title);                                   \
      yy_symbol_print (stderr,                                            \
                  Kind, Value, Location, p); \
      YYFPRINTF (stderr, "\n");                                           \
    }                                                                     \
} while (0)


/*-----------------------------------.
| Print this symbol's value on YYO.  |
`-----------------------------------*/

static void
yy_symbol_value_print (FILE *yyo,
                       yysymbol_kind_t yykind, YYSTYPE const * const yyvaluep, YYLTYPE const * const yylocationp, struct phx_parser *p)
{
  FILE *yyoutput = yyo;
  YY_USE (yyoutput);
  YY_USE (yylocationp);
  YY_USE (p);
  if (!yyvaluep)
    return;
  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  YY_USE (yykind);
  YY_IGNORE_MAYBE_UNINITIALIZED_END
}


/*---------------------------.
| Print this symbol on YYO.  |
`---------------------------*/

static void
yy_symbol_print (FILE *yyo,
                 yysymbol_kind_t yykind, YYSTYPE const * const yyvaluep, YYLTYPE const * const yylocationp, struct phx_parser *p)
{
  YYFPRINTF (yyo, "%s %s (",
             yykind < YYNTOKENS ? "token" : "nterm", yysymbol_name (yykind));

  YYLOCATION_PRINT (yyo, yylocationp);
  YYFPRINTF (yyo, ": ");
  yy_symbol_value_print (yyo, yykind, yyvaluep, yylocationp, p);
  YYFPRINTF (yyo, ")");
}

/*------------------------------------------------------------------.
| yy_stack_print -- Print the state stack from its BOTTOM up to its |
| TOP (included).                                                   |
`------------------------------------------------------------------*/

static void
yy_stack_print (yy_state_t *yybottom, yy_state_t *yytop)
{
  YYFPRINTF (stderr, "Stack now");
  for (; yybottom <= yytop; yybottom++)
    {
      int yybot = *yybottom;
      YYFPRINTF (stderr, " %d", yybot);
    }
  YYFPRINTF (stderr, "\n");
}

# define YY_STACK_PRINT(Bottom, Top)                            \
do {                                                            \
  if (yydebug)                                                  \
    yy_stack_print ((Bottom), (Top));                           \
} while (0)


/*------------------------------------------------.
| Report that the YYRULE is going to be reduced.  |
`------------------------------------------------*/

static void
yy_reduce_print (yy_state_t *yyssp, YYSTYPE *yyvsp, YYLTYPE *yylsp,
                 int yyrule, struct phx_parser *p)
{
  int yylno = yyrline[yyrule];
  int yynrhs = yyr2[yyrule];
  int yyi;
  YYFPRINTF (stderr, "Reducing stack by rule %d (line %d):\n",
             yyrule - 1, yylno);
  /* The symbols being reduced.  */
  for (yyi = 0; yyi < yynrhs; yyi++)
    {
      YYFPRINTF (stderr, "   $%d = ", yyi + 1);
      yy_symbol_print (stderr,
                       YY_ACCESSING_SYMBOL (+yyssp[yyi + 1 - yynrhs]),
                       &yyvsp[(yyi + 1) - (yynrhs)],
                       &(yylsp[(yyi + 1) - (yynrhs)]), p);
      YYFPRINTF (stderr, "\n");
    }
}

# define YY_REDUCE_PRINT(Rule)          \
do {                                    \
  if (yydebug)                          \
    yy_reduce_print (yyssp, yyvsp, yylsp, Rule, p); \
} while (0)

/* Nonzero means print parse trace.  It is left uninitialized so that
   multiple parsers can coexist.  */
int yydebug;
#else /* !PHX_YYDEBUG */
# define YYDPRINTF(Args) ((void) 0)
# define YY_SYMBOL_PRINT(Title, Kind, Value, Location)
# define YY_STACK_PRINT(Bottom, Top)
# define YY_REDUCE_PRINT(Rule)
#endif /* !PHX_YYDEBUG */


/* YYINITDEPTH -- initial size of the parser's stacks.  */
#ifndef YYINITDEPTH
# define YYINITDEPTH 200
#endif

/* YYMAXDEPTH -- maximum size the stacks can grow to (effective only
   if the built-in stack extension method is used).

   Do not make this value too large; the results are undefined if
   YYSTACK_ALLOC_MAXIMUM < YYSTACK_BYTES (YYMAXDEPTH)
   evaluated with infinite-precision integer arithmetic.  */

#ifndef YYMAXDEPTH
# define YYMAXDEPTH 10000
#endif


/* Given a state stack such that *YYBOTTOM is its bottom, such that
   *YYTOP is either its top or is YYTOP_EMPTY to indicate an empty
   stack, and such that *YYCAPACITY is the maximum number of elements it
   can hold without a reallocation, make sure there is enough room to
   store YYADD more elements.  If not, allocate a new stack using
   YYSTACK_ALLOC, copy the existing elements, and adjust *YYBOTTOM,
   *YYTOP, and *YYCAPACITY to reflect the new capacity and memory
   location.  If *YYBOTTOM != YYBOTTOM_NO_FREE, then free the old stack
   using YYSTACK_FREE.  Return 0 if successful or if no reallocation is
   required.  Return YYENOMEM if memory is exhausted.  */
static int
yy_lac_stack_realloc (YYPTRDIFF_T *yycapacity, YYPTRDIFF_T yyadd,
#if PHX_YYDEBUG
                      char const *yydebug_prefix,
                      char const *yydebug_suffix,
#endif
                      yy_state_t **yybottom,
                      yy_state_t *yybottom_no_free,
                      yy_state_t **yytop, yy_state_t *yytop_empty)
{
  YYPTRDIFF_T yysize_old =
    *yytop == yytop_empty ? 0 : *yytop - *yybottom + 1;
  YYPTRDIFF_T yysize_new = yysize_old + yyadd;
  if (*yycapacity < yysize_new)
    {
      YYPTRDIFF_T yyalloc = 2 * yysize_new;
      yy_state_t *yybottom_new;
      /* Use YYMAXDEPTH for maximum stack size given that the stack
         should never need to grow larger than the main state stack
         needs to grow without LAC.  */
      if (YYMAXDEPTH < yysize_new)
        {
          YYDPRINTF ((stderr, "%smax size exceeded%s", yydebug_prefix,
                      yydebug_suffix));
          return YYENOMEM;
        }
      if (YYMAXDEPTH < yyalloc)
        yyalloc = YYMAXDEPTH;
      yybottom_new =
        YY_CAST (yy_state_t *,
                 YYSTACK_ALLOC (YY_CAST (YYSIZE_T,
                                         yyalloc * YYSIZEOF (*yybottom_new))));
      if (!yybottom_new)
        {
          YYDPRINTF ((stderr, "%srealloc failed%s", yydebug_prefix,
                      yydebug_suffix));
          return YYENOMEM;
        }
      if (*yytop != yytop_empty)
        {
          YYCOPY (yybottom_new, *yybottom, yysize_old);
          *yytop = yybottom_new + (yysize_old - 1);
        }
      if (*yybottom != yybottom_no_free)
        YYSTACK_FREE (*yybottom);
      *yybottom = yybottom_new;
      *yycapacity = yyalloc;
    }
  return 0;
}

/* Establish the initial context for the current lookahead if no initial
   context is currently established.

   We define a context as a snapshot of the parser stacks.  We define
   the initial context for a lookahead as the context in which the
   parser initially examines that lookahead in order to select a
   syntactic action.  Thus, if the lookahead eventually proves
   syntactically unacceptable (possibly in a later context reached via a
   series of reductions), the initial context can be used to determine
   the exact set of tokens that would be syntactically acceptable in the
   lookahead's place.  Moreover, it is the context after which any
   further semantic actions would be erroneous because they would be
   determined by a syntactically unacceptable token.

   YY_LAC_ESTABLISH should be invoked when a reduction is about to be
   performed in an inconsistent state (which, for the purposes of LAC,
   includes consistent states that don't know they're consistent because
   their default reductions have been disabled).  Iff there is a
   lookahead token, it should also be invoked before reporting a syntax
   error.  This latter case is for the sake of the debugging output.

   For parse.lac=full, the implementation of YY_LAC_ESTABLISH is as
   follows.  If no initial context is currently established for the
   current lookahead, then check if that lookahead can eventually be
   shifted if syntactic actions continue from the current context.
   Report a syntax error if it cannot.  */
#define YY_LAC_ESTABLISH                                                \
do {                                                                    \
  if (!yy_lac_established)                                              \
    {                                                                   \
      YYDPRINTF ((stderr,                                               \
                  "LAC: initial context established for %s\n",          \
                  yysymbol_name (yytoken)));                            \
      yy_lac_established = 1;                                           \
      switch (yy_lac (yyesa, &yyes, &yyes_capacity, yyssp, yytoken))    \
        {                                                               \
        case YYENOMEM:                                                  \
          YYNOMEM;                                                      \
        case 1:                                                         \
          goto yyerrlab;                                                \
        }                                                               \
    }                                                                   \
} while (0)

/* Discard any previous initial lookahead context because of Event,
   which may be a lookahead change or an invalidation of the currently
   established initial context for the current lookahead.

   The most common example of a lookahead change is a shift.  An example
   of both cases is syntax error recovery.  That is, a syntax error
   occurs when the lookahead is syntactically erroneous for the
   currently established initial context, so error recovery manipulates
   the parser stacks to try to find a new initial context in which the
   current lookahead is syntactically acceptable.  If it fails to find
   such a context, it discards the lookahead.  */
#if PHX_YYDEBUG
# define YY_LAC_DISCARD(Event)                                           \
do {                                                                     \
  if (yy_lac_established)                                                \
    {                                                                    \
      YYDPRINTF ((stderr, "LAC: initial context discarded due to "       \
                  Event "\n"));                                          \
      yy_lac_established = 0;                                            \
    }                                                                    \
} while (0)
#else
# define YY_LAC_DISCARD(Event) yy_lac_established = 0
#endif

/* Given the stack whose top is *YYSSP, return 0 iff YYTOKEN can
   eventually (after perhaps some reductions) be shifted, return 1 if
   not, or return YYENOMEM if memory is exhausted.  As preconditions and
   postconditions: *YYES_CAPACITY is the allocated size of the array to
   which *YYES points, and either *YYES = YYESA or *YYES points to an
   array allocated with YYSTACK_ALLOC.  yy_lac may overwrite the
   contents of either array, alter *YYES and *YYES_CAPACITY, and free
   any old *YYES other than YYESA.  */
static int
yy_lac (yy_state_t *yyesa, yy_state_t **yyes,
        YYPTRDIFF_T *yyes_capacity, yy_state_t *yyssp, yysymbol_kind_t yytoken)
{
  yy_state_t *yyes_prev = yyssp;
  yy_state_t *yyesp = yyes_prev;
  /* Reduce until we encounter a shift and thereby accept the token.  */
  YYDPRINTF ((stderr, "LAC: checking lookahead %s:", yysymbol_name (yytoken)));
  if (yytoken == YYSYMBOL_YYUNDEF)
    {
      YYDPRINTF ((stderr, " Always Err\n"));
      return 1;
    }
  while (1)
    {
      int yyrule = yypact[+*yyesp];
      if (yypact_value_is_default (yyrule)
          || (yyrule += yytoken) < 0 || YYLAST < yyrule
          || yycheck[yyrule] != yytoken)
        {
          /* Use the default action.  */
          yyrule = yydefact[+*yyesp];
          if (yyrule == 0)
            {
              YYDPRINTF ((stderr, " Err\n"));
              return 1;
            }
        }
      else
        {
          /* Use the action from yytable.  */
          yyrule = yytable[yyrule];
          if (yytable_value_is_error (yyrule))
            {
              YYDPRINTF ((stderr, " Err\n"));
              return 1;
            }
          if (0 < yyrule)
            {
              YYDPRINTF ((stderr, " S%d\n", yyrule));
              return 0;
            }
          yyrule = -yyrule;
        }
      /* By now we know we have to simulate a reduce.  */
      YYDPRINTF ((stderr, " R%d", yyrule - 1));
      {
        /* Pop the corresponding number of values from the stack.  */
        YYPTRDIFF_T yylen = yyr2[yyrule];
        /* First pop from the LAC stack as many tokens as possible.  */
        if (yyesp != yyes_prev)
          {
            YYPTRDIFF_T yysize = yyesp - *yyes + 1;
            if (yylen < yysize)
              {
                yyesp -= yylen;
                yylen = 0;
              }
            else
              {
                yyesp = yyes_prev;
                yylen -= yysize;
              }
          }
        /* Only afterwards look at the main stack.  */
        if (yylen)
          yyesp = yyes_prev -= yylen;
      }
      /* Push the resulting state of the reduction.  */
      {
        yy_state_fast_t yystate;
        {
          const int yylhs = yyr1[yyrule] - YYNTOKENS;
          const int yyi = yypgoto[yylhs] + *yyesp;
          yystate = (0 <= yyi && yyi <= YYLAST && yycheck[yyi] == *yyesp
                     ? yytable[yyi]
                     : yydefgoto[yylhs]);
        }
        if (yyesp == yyes_prev)
          {
            yyesp = *yyes;
            YY_IGNORE_USELESS_CAST_BEGIN
            *yyesp = YY_CAST (yy_state_t, yystate);
            YY_IGNORE_USELESS_CAST_END
          }
        else
          {
            if (yy_lac_stack_realloc (yyes_capacity, 1,
#if PHX_YYDEBUG
                                      " (", ")",
#endif
                                      yyes, yyesa, &yyesp, yyes_prev))
              {
                YYDPRINTF ((stderr, "\n"));
                return YYENOMEM;
              }
            YY_IGNORE_USELESS_CAST_BEGIN
            *++yyesp = YY_CAST (yy_state_t, yystate);
            YY_IGNORE_USELESS_CAST_END
          }
        YYDPRINTF ((stderr, " G%d", yystate));
      }
    }
}

/* Context of a parse error.  */
typedef struct
{
  yy_state_t *yyssp;
  yy_state_t *yyesa;
  yy_state_t **yyes;
  YYPTRDIFF_T *yyes_capacity;
  yysymbol_kind_t yytoken;
  YYLTYPE *yylloc;
} yypcontext_t;

/* Put in YYARG at most YYARGN of the expected tokens given the
   current YYCTX, and return the number of tokens stored in YYARG.  If
   YYARG is null, return the number of expected tokens (guaranteed to
   be less than YYNTOKENS).  Return YYENOMEM on memory exhaustion.
   Return 0 if there are more than YYARGN expected tokens, yet fill
   YYARG up to YYARGN. */
static int
yypcontext_expected_tokens (const yypcontext_t *yyctx,
                            yysymbol_kind_t yyarg[], int yyargn)
{
  /* Actual size of YYARG. */
  int yycount = 0;

  int yyx;
  for (yyx = 0; yyx < YYNTOKENS; ++yyx)
    {
      yysymbol_kind_t yysym = YY_CAST (yysymbol_kind_t, yyx);
      if (yysym != YYSYMBOL_YYerror && yysym != YYSYMBOL_YYUNDEF)
        switch (yy_lac (yyctx->yyesa, yyctx->yyes, yyctx->yyes_capacity, yyctx->yyssp, yysym))
          {
          case YYENOMEM:
            return YYENOMEM;
          case 1:
            continue;
          default:
            if (!yyarg)
              ++yycount;
            else if (yycount == yyargn)
              return 0;
            else
              yyarg[yycount++] = yysym;
          }
    }
  if (yyarg && yycount == 0 && 0 < yyargn)
    yyarg[0] = YYSYMBOL_YYEMPTY;
  return yycount;
}




/* The kind of the lookahead of this context.  */
static yysymbol_kind_t
yypcontext_token (const yypcontext_t *yyctx) YY_ATTRIBUTE_UNUSED;

static yysymbol_kind_t
yypcontext_token (const yypcontext_t *yyctx)
{
  return yyctx->yytoken;
}

/* The location of the lookahead of this context.  */
static YYLTYPE *
yypcontext_location (const yypcontext_t *yyctx) YY_ATTRIBUTE_UNUSED;

static YYLTYPE *
yypcontext_location (const yypcontext_t *yyctx)
{
  return yyctx->yylloc;
}

/* User defined function to report a syntax error.  */
static int
yyreport_syntax_error (const yypcontext_t *yyctx, struct phx_parser *p);

/*-----------------------------------------------.
| Release the memory associated to this symbol.  |
`-----------------------------------------------*/

static void
yydestruct (const char *yymsg,
            yysymbol_kind_t yykind, YYSTYPE *yyvaluep, YYLTYPE *yylocationp, struct phx_parser *p)
{
  YY_USE (yyvaluep);
  YY_USE (yylocationp);
  YY_USE (p);
  if (!yymsg)
    yymsg = "Deleting";
  YY_SYMBOL_PRINT (yymsg, yykind, yyvaluep, yylocationp);

  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  YY_USE (yykind);
  YY_IGNORE_MAYBE_UNINITIALIZED_END
}






/*----------.
| yyparse.  |
`----------*/

int
yyparse (struct phx_parser *p)
{
/* Lookahead token kind.  */
int yychar;


/* The semantic value of the lookahead symbol.  */
/* Default value used for initialization, for pacifying older GCCs
   or non-GCC compilers.  */
YY_INITIAL_VALUE (static YYSTYPE yyval_default;)
YYSTYPE yylval YY_INITIAL_VALUE (= yyval_default);

/* Location data for the lookahead symbol.  */
static YYLTYPE yyloc_default
# if defined PHX_YYLTYPE_IS_TRIVIAL && PHX_YYLTYPE_IS_TRIVIAL
  = { 1, 1, 1, 1 }
# endif
;
YYLTYPE yylloc = yyloc_default;

    /* Number of syntax errors so far.  */
    int yynerrs = 0;

    yy_state_fast_t yystate = 0;
    /* Number of tokens to shift before error messages enabled.  */
    int yyerrstatus = 0;

    /* Refer to the stacks through separate pointers, to allow yyoverflow
       to reallocate them elsewhere.  */

    /* Their size.  */
    YYPTRDIFF_T yystacksize = YYINITDEPTH;

    /* The state stack: array, bottom, top.  */
    yy_state_t yyssa[YYINITDEPTH];
    yy_state_t *yyss = yyssa;
    yy_state_t *yyssp = yyss;

    /* The semantic value stack: array, bottom, top.  */
    YYSTYPE yyvsa[YYINITDEPTH];
    YYSTYPE *yyvs = yyvsa;
    YYSTYPE *yyvsp = yyvs;

    /* The location stack: array, bottom, top.  */
    YYLTYPE yylsa[YYINITDEPTH];
    YYLTYPE *yyls = yylsa;
    YYLTYPE *yylsp = yyls;

    yy_state_t yyesa[20];
    yy_state_t *yyes = yyesa;
    YYPTRDIFF_T yyes_capacity = 20 < YYMAXDEPTH ? 20 : YYMAXDEPTH;

  /* Whether LAC context is established.  A Boolean.  */
  int yy_lac_established = 0;
  int yyn;
  /* The return value of yyparse.  */
  int yyresult;
  /* Lookahead symbol kind.  */
  yysymbol_kind_t yytoken = YYSYMBOL_YYEMPTY;
  /* The variables used to return semantic value and location from the
     action routines.  */
  YYSTYPE yyval;
  YYLTYPE yyloc;

  /* The locations where the error started and ended.  */
  YYLTYPE yyerror_range[3];



#define YYPOPSTACK(N)   (yyvsp -= (N), yyssp -= (N), yylsp -= (N))

  /* The number of symbols on the RHS of the reduced rule.
     Keep to zero when no symbol should be popped.  */
  int yylen = 0;

  YYDPRINTF ((stderr, "Starting parse\n"));

  yychar = PHX_YYEMPTY; /* Cause a token to be read.  */


/* User initialization code.  */
#line 80 "./grammar/phx.y"
{
	yylloc.file = p->file;
	yylloc.start = yylloc.end = 0;
}

#line 1471 "grammar/phx-parse.c"

  yylsp[0] = yylloc;
  goto yysetstate;


/*------------------------------------------------------------.
| yynewstate -- push a new state, which is found in yystate.  |
`------------------------------------------------------------*/
yynewstate:
  /* In all cases, when you get here, the value and location stacks
     have just been pushed.  So pushing a state here evens the stacks.  */
  yyssp++;


/*--------------------------------------------------------------------.
| yysetstate -- set current state (the top of the stack) to yystate.  |
`--------------------------------------------------------------------*/
yysetstate:
  YYDPRINTF ((stderr, "Entering state %d\n", yystate));
  YY_ASSERT (0 <= yystate && yystate < YYNSTATES);
  YY_IGNORE_USELESS_CAST_BEGIN
  *yyssp = YY_CAST (yy_state_t, yystate);
  YY_IGNORE_USELESS_CAST_END
  YY_STACK_PRINT (yyss, yyssp);

  if (yyss + yystacksize - 1 <= yyssp)
#if !defined yyoverflow && !defined YYSTACK_RELOCATE
    YYNOMEM;
#else
    {
      /* Get the current used size of the three stacks, in elements.  */
      YYPTRDIFF_T yysize = yyssp - yyss + 1;

# if defined yyoverflow
      {
        /* Give user a chance to reallocate the stack.  Use copies of
           these so that the &'s don't force the real ones into
           memory.  */
        yy_state_t *yyss1 = yyss;
        YYSTYPE *yyvs1 = yyvs;
        YYLTYPE *yyls1 = yyls;

        /* Each stack pointer address is followed by the size of the
           data in use in that stack, in bytes.  This used to be a
           conditional around just the two extra args, but that might
           be undefined if yyoverflow is a macro.  */
        yyoverflow (YY_("memory exhausted"),
                    &yyss1, yysize * YYSIZEOF (*yyssp),
                    &yyvs1, yysize * YYSIZEOF (*yyvsp),
                    &yyls1, yysize * YYSIZEOF (*yylsp),
                    &yystacksize);
        yyss = yyss1;
        yyvs = yyvs1;
        yyls = yyls1;
      }
# else /* defined YYSTACK_RELOCATE */
      /* Extend the stack our own way.  */
      if (YYMAXDEPTH <= yystacksize)
        YYNOMEM;
      yystacksize *= 2;
      if (YYMAXDEPTH < yystacksize)
        yystacksize = YYMAXDEPTH;

      {
        yy_state_t *yyss1 = yyss;
        union yyalloc *yyptr =
          YY_CAST (union yyalloc *,
                   YYSTACK_ALLOC (YY_CAST (YYSIZE_T, YYSTACK_BYTES (yystacksize))));
        if (! yyptr)
          YYNOMEM;
        YYSTACK_RELOCATE (yyss_alloc, yyss);
        YYSTACK_RELOCATE (yyvs_alloc, yyvs);
        YYSTACK_RELOCATE (yyls_alloc, yyls);
#  undef YYSTACK_RELOCATE
        if (yyss1 != yyssa)
          YYSTACK_FREE (yyss1);
      }
# endif

      yyssp = yyss + yysize - 1;
      yyvsp = yyvs + yysize - 1;
      yylsp = yyls + yysize - 1;

      YY_IGNORE_USELESS_CAST_BEGIN
      YYDPRINTF ((stderr, "Stack size increased to %ld\n",
                  YY_CAST (long, yystacksize)));
      YY_IGNORE_USELESS_CAST_END

      if (yyss + yystacksize - 1 <= yyssp)
        YYABORT;
    }
#endif /* !defined yyoverflow && !defined YYSTACK_RELOCATE */


  if (yystate == YYFINAL)
    YYACCEPT;

  goto yybackup;


/*-----------.
| yybackup.  |
`-----------*/
yybackup:
  /* Do appropriate processing given the current state.  Read a
     lookahead token if we need one and don't already have one.  */

  /* First try to decide what to do without reference to lookahead token.  */
  yyn = yypact[yystate];
  if (yypact_value_is_default (yyn))
    goto yydefault;

  /* Not known => get a lookahead token if don't already have one.  */

  /* YYCHAR is either empty, or end-of-input, or a valid lookahead.  */
  if (yychar == PHX_YYEMPTY)
    {
      YYDPRINTF ((stderr, "Reading a token\n"));
      yychar = yylex (&yylval, &yylloc, scanner);
    }

  if (yychar <= END)
    {
      yychar = END;
      yytoken = YYSYMBOL_YYEOF;
      YYDPRINTF ((stderr, "Now at end of input.\n"));
    }
  else if (yychar == PHX_YYerror)
    {
      /* The scanner already issued an error message, process directly
         to error recovery.  But do not keep the error token as
         lookahead, it is too special and may lead us to an endless
         loop in error recovery. */
      yychar = PHX_YYUNDEF;
      yytoken = YYSYMBOL_YYerror;
      yyerror_range[1] = yylloc;
      goto yyerrlab1;
    }
  else
    {
      yytoken = YYTRANSLATE (yychar);
      YY_SYMBOL_PRINT ("Next token is", yytoken, &yylval, &yylloc);
    }

  /* If the proper action on seeing token YYTOKEN is to reduce or to
     detect an error, take that action.  */
  yyn += yytoken;
  if (yyn < 0 || YYLAST < yyn || yycheck[yyn] != yytoken)
    {
      YY_LAC_ESTABLISH;
      goto yydefault;
    }
  yyn = yytable[yyn];
  if (yyn <= 0)
    {
      if (yytable_value_is_error (yyn))
        goto yyerrlab;
      yyn = -yyn;
      YY_LAC_ESTABLISH;
      goto yyreduce;
    }

  /* Count tokens shifted since error; after three, turn off error
     status.  */
  if (yyerrstatus)
    yyerrstatus--;

  /* Shift the lookahead token.  */
  YY_SYMBOL_PRINT ("Shifting", yytoken, &yylval, &yylloc);
  yystate = yyn;
  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  *++yyvsp = yylval;
  YY_IGNORE_MAYBE_UNINITIALIZED_END
  *++yylsp = yylloc;

  /* Discard the shifted token.  */
  yychar = PHX_YYEMPTY;
  YY_LAC_DISCARD ("shift");
  goto yynewstate;


/*-----------------------------------------------------------.
| yydefault -- do the default action for the current state.  |
`-----------------------------------------------------------*/
yydefault:
  yyn = yydefact[yystate];
  if (yyn == 0)
    goto yyerrlab;
  goto yyreduce;


/*-----------------------------.
| yyreduce -- do a reduction.  |
`-----------------------------*/
yyreduce:
  /* yyn is the number of a rule to reduce with.  */
  yylen = yyr2[yyn];

  /* If YYLEN is nonzero, implement the default value of the action:
     '$$ = $1'.

     Otherwise, the following line sets YYVAL to garbage.
     This behavior is undocumented and Bison
     users should not rely upon it.  Assigning to YYVAL
     unconditionally makes the parser a bit smaller, and it avoids a
     GCC warning that YYVAL may be used uninitialized.  */
  yyval = yyvsp[1-yylen];

  /* Default location. */
  YYLLOC_DEFAULT (yyloc, (yylsp - yylen), yylen);
  yyerror_range[1] = yyloc;
  YY_REDUCE_PRINT (yyn);
  {
    int yychar_backup = yychar;
    switch (yyn)
      {
  case 2: /* file: items  */
#line 113 "./grammar/phx.y"
                                { p->items = (yyvsp[0].list).head; }
#line 1691 "grammar/phx-parse.c"
    break;

  case 3: /* items: %empty  */
#line 117 "./grammar/phx.y"
                                { ast_list_init(&(yyval.list)); }
#line 1697 "grammar/phx-parse.c"
    break;

  case 4: /* items: items item  */
#line 118 "./grammar/phx.y"
                                { (yyval.list) = (yyvsp[-1].list); ast_list_add(&(yyval.list), (yyvsp[0].node)); }
#line 1703 "grammar/phx-parse.c"
    break;

  case 10: /* item: error  */
#line 127 "./grammar/phx.y"
                                { (yyval.node) = NULL; }
#line 1709 "grammar/phx-parse.c"
    break;

  case 11: /* stack_decl: "'stack'" "identifier" block  */
#line 132 "./grammar/phx.y"
                                {
		(yyval.node) = ast_item(A, AST_STACK, (yyloc), (yyvsp[-1].id));
		(yyval.node)->item.body = (yyvsp[0].list).head;
		(yyval.node)->item.body_loc = (yylsp[0]);
	}
#line 1719 "grammar/phx-parse.c"
    break;

  case 12: /* resource_decl: "'resource'" "identifier" string block  */
#line 141 "./grammar/phx.y"
                                        {
		(yyval.node) = ast_item(A, AST_RESOURCE, (yyloc), (yyvsp[-2].id));
		(yyval.node)->item.type = (yyvsp[-1].node);
		(yyval.node)->item.body = (yyvsp[0].list).head;
		(yyval.node)->item.body_loc = (yylsp[0]);
	}
#line 1730 "grammar/phx-parse.c"
    break;

  case 13: /* param_decl: "'param'" "identifier" ':' ptype opt_default opt_block  */
#line 151 "./grammar/phx.y"
                                                        {
		(yyval.node) = ast_item(A, AST_PARAM, (yyloc), (yyvsp[-4].id));
		(yyval.node)->item.type = (yyvsp[-2].node);
		(yyval.node)->item.value = (yyvsp[-1].node);
		if ((yyvsp[0].node)) {
			(yyval.node)->item.body = (yyvsp[0].node)->list.items;
			(yyval.node)->item.body_loc = (yyvsp[0].node)->loc;
		}
	}
#line 1744 "grammar/phx-parse.c"
    break;

  case 14: /* ptype: "identifier"  */
#line 163 "./grammar/phx.y"
                                { (yyval.node) = ast_ref_new(A, (yyvsp[0].id)); }
#line 1750 "grammar/phx-parse.c"
    break;

  case 16: /* opt_default: %empty  */
#line 168 "./grammar/phx.y"
                                { (yyval.node) = NULL; }
#line 1756 "grammar/phx-parse.c"
    break;

  case 17: /* opt_default: '=' expr  */
#line 169 "./grammar/phx.y"
                                { (yyval.node) = (yyvsp[0].node); }
#line 1762 "grammar/phx-parse.c"
    break;

  case 18: /* opt_block: %empty  */
#line 173 "./grammar/phx.y"
                                { (yyval.node) = NULL; }
#line 1768 "grammar/phx-parse.c"
    break;

  case 19: /* opt_block: block  */
#line 174 "./grammar/phx.y"
                                { (yyval.node) = list_node(p, AST_MAP, (yylsp[0]), &(yyvsp[0].list)); }
#line 1774 "grammar/phx-parse.c"
    break;

  case 20: /* output_decl: "'output'" "identifier" '=' expr opt_block  */
#line 179 "./grammar/phx.y"
                                                {
		(yyval.node) = ast_item(A, AST_OUTPUT, (yyloc), (yyvsp[-3].id));
		(yyval.node)->item.value = (yyvsp[-1].node);
		if ((yyvsp[0].node)) {
			(yyval.node)->item.body = (yyvsp[0].node)->list.items;
			(yyval.node)->item.body_loc = (yyvsp[0].node)->loc;
		}
	}
#line 1787 "grammar/phx-parse.c"
    break;

  case 21: /* env_decl: "'env'" "identifier" block  */
#line 191 "./grammar/phx.y"
                                {
		(yyval.node) = ast_item(A, AST_ENV, (yyloc), (yyvsp[-1].id));
		(yyval.node)->item.body = (yyvsp[0].list).head;
		(yyval.node)->item.body_loc = (yylsp[0]);
	}
#line 1797 "grammar/phx-parse.c"
    break;

  case 22: /* block: '{' entries '}'  */
#line 199 "./grammar/phx.y"
                                { (yyval.list) = (yyvsp[-1].list); }
#line 1803 "grammar/phx-parse.c"
    break;

  case 23: /* entries: %empty  */
#line 204 "./grammar/phx.y"
                                { ast_list_init(&(yyval.list)); }
#line 1809 "grammar/phx-parse.c"
    break;

  case 24: /* entries: entries entry  */
#line 205 "./grammar/phx.y"
                                { (yyval.list) = (yyvsp[-1].list); ast_list_add(&(yyval.list), (yyvsp[0].node)); }
#line 1815 "grammar/phx-parse.c"
    break;

  case 25: /* entries: entries ','  */
#line 206 "./grammar/phx.y"
                                { (yyval.list) = (yyvsp[-1].list); }
#line 1821 "grammar/phx-parse.c"
    break;

  case 26: /* entry: key '=' expr  */
#line 210 "./grammar/phx.y"
                                { (yyval.node) = entry_node(p, (yyloc), (yyvsp[-2].id), (yyvsp[0].node)); }
#line 1827 "grammar/phx-parse.c"
    break;

  case 27: /* entry: key map  */
#line 211 "./grammar/phx.y"
                                { (yyval.node) = entry_node(p, (yyloc), (yyvsp[-1].id), (yyvsp[0].node)); }
#line 1833 "grammar/phx-parse.c"
    break;

  case 28: /* entry: error  */
#line 212 "./grammar/phx.y"
                                { (yyval.node) = NULL; }
#line 1839 "grammar/phx-parse.c"
    break;

  case 30: /* key: string  */
#line 217 "./grammar/phx.y"
                                {
		const char *s;

		(yyval.id).loc = (yylsp[0]);
		if (ast_string_literal(A, (yyvsp[0].node), &s)) {
			(yyval.id).name = s;
		} else {
			diag_error(p->diag, (yylsp[0]), "a key cannot hold '${...}'");
			(yyval.id).name = "";
		}
	}
#line 1855 "grammar/phx-parse.c"
    break;

  case 32: /* expr: '-' primary  */
#line 232 "./grammar/phx.y"
                                { (yyval.node) = ast_new(A, AST_NEG, (yyloc)); (yyval.node)->operand = (yyvsp[0].node); }
#line 1861 "grammar/phx-parse.c"
    break;

  case 33: /* primary: "integer"  */
#line 236 "./grammar/phx.y"
                                { (yyval.node) = ast_number(A, AST_INT, (yyloc), (yyvsp[0].text).s); }
#line 1867 "grammar/phx-parse.c"
    break;

  case 34: /* primary: "decimal number"  */
#line 237 "./grammar/phx.y"
                                { (yyval.node) = ast_number(A, AST_DECIMAL, (yyloc), (yyvsp[0].text).s); }
#line 1873 "grammar/phx-parse.c"
    break;

  case 35: /* primary: "quantity"  */
#line 238 "./grammar/phx.y"
                                { (yyval.node) = ast_number(A, AST_UNIT, (yyloc), (yyvsp[0].text).s); }
#line 1879 "grammar/phx-parse.c"
    break;

  case 36: /* primary: "'true'"  */
#line 239 "./grammar/phx.y"
                                { (yyval.node) = ast_new(A, AST_BOOL, (yyloc)); (yyval.node)->b = true; }
#line 1885 "grammar/phx-parse.c"
    break;

  case 37: /* primary: "'false'"  */
#line 240 "./grammar/phx.y"
                                { (yyval.node) = ast_new(A, AST_BOOL, (yyloc)); (yyval.node)->b = false; }
#line 1891 "grammar/phx-parse.c"
    break;

  case 43: /* string: "string" parts "end of string"  */
#line 249 "./grammar/phx.y"
                                        { (yyval.node) = ast_new(A, AST_STRING, (yyloc)); (yyval.node)->str.parts = (yyvsp[-1].list).head; }
#line 1897 "grammar/phx-parse.c"
    break;

  case 44: /* parts: %empty  */
#line 253 "./grammar/phx.y"
                                { ast_list_init(&(yyval.list)); }
#line 1903 "grammar/phx-parse.c"
    break;

  case 45: /* parts: parts "text"  */
#line 254 "./grammar/phx.y"
                                {
		struct ast_node *n = ast_new(A, AST_STRPART, (yylsp[0]));

		n->part.text = (yyvsp[0].text).s;
		n->part.len = (yyvsp[0].text).len;
		(yyval.list) = (yyvsp[-1].list);
		ast_list_add(&(yyval.list), n);
	}
#line 1916 "grammar/phx-parse.c"
    break;

  case 46: /* parts: parts "'${'" expr "'}' closing '${'"  */
#line 262 "./grammar/phx.y"
                                                { (yyval.list) = (yyvsp[-3].list); ast_list_add(&(yyval.list), (yyvsp[-1].node)); }
#line 1922 "grammar/phx-parse.c"
    break;

  case 47: /* parts: parts "'${'" error "'}' closing '${'"  */
#line 263 "./grammar/phx.y"
                                                { (yyval.list) = (yyvsp[-3].list); }
#line 1928 "grammar/phx-parse.c"
    break;

  case 48: /* list: '[' list_items ']'  */
#line 267 "./grammar/phx.y"
                                { (yyval.node) = list_node(p, AST_LIST, (yyloc), &(yyvsp[-1].list)); }
#line 1934 "grammar/phx-parse.c"
    break;

  case 49: /* list_items: %empty  */
#line 271 "./grammar/phx.y"
                                { ast_list_init(&(yyval.list)); }
#line 1940 "grammar/phx-parse.c"
    break;

  case 50: /* list_items: list_items expr  */
#line 272 "./grammar/phx.y"
                                { (yyval.list) = (yyvsp[-1].list); ast_list_add(&(yyval.list), (yyvsp[0].node)); }
#line 1946 "grammar/phx-parse.c"
    break;

  case 51: /* list_items: list_items ','  */
#line 273 "./grammar/phx.y"
                                { (yyval.list) = (yyvsp[-1].list); }
#line 1952 "grammar/phx-parse.c"
    break;

  case 52: /* map: '{' entries '}'  */
#line 277 "./grammar/phx.y"
                                { (yyval.node) = list_node(p, AST_MAP, (yyloc), &(yyvsp[-1].list)); }
#line 1958 "grammar/phx-parse.c"
    break;

  case 53: /* ref: "identifier"  */
#line 282 "./grammar/phx.y"
                                { (yyval.node) = ast_ref_new(A, (yyvsp[0].id)); }
#line 1964 "grammar/phx-parse.c"
    break;

  case 54: /* ref: "'env'"  */
#line 283 "./grammar/phx.y"
                                { struct ast_ident e = { "env", (yylsp[0]) }; (yyval.node) = ast_ref_new(A, e); }
#line 1970 "grammar/phx-parse.c"
    break;

  case 55: /* ref: ref '.' "identifier"  */
#line 284 "./grammar/phx.y"
                                { (yyval.node) = ast_ref_push(A, (yyvsp[-2].node), (yyvsp[0].id)); }
#line 1976 "grammar/phx-parse.c"
    break;

  case 56: /* call: "identifier" '(' args ')'  */
#line 288 "./grammar/phx.y"
                                {
		(yyval.node) = ast_new(A, AST_CALL, (yyloc));
		(yyval.node)->call.fn = (yyvsp[-3].id);
		(yyval.node)->call.args = (yyvsp[-1].list).head;
		(yyval.node)->call.nargs = (yyvsp[-1].list).n;
	}
#line 1987 "grammar/phx-parse.c"
    break;

  case 57: /* args: %empty  */
#line 297 "./grammar/phx.y"
                                { ast_list_init(&(yyval.list)); }
#line 1993 "grammar/phx-parse.c"
    break;

  case 58: /* args: args expr  */
#line 298 "./grammar/phx.y"
                                { (yyval.list) = (yyvsp[-1].list); ast_list_add(&(yyval.list), (yyvsp[0].node)); }
#line 1999 "grammar/phx-parse.c"
    break;

  case 59: /* args: args ','  */
#line 299 "./grammar/phx.y"
                                { (yyval.list) = (yyvsp[-1].list); }
#line 2005 "grammar/phx-parse.c"
    break;


#line 2009 "grammar/phx-parse.c"

        default: break;
      }
    if (yychar_backup != yychar)
      YY_LAC_DISCARD ("yychar change");
  }
  /* User semantic actions sometimes alter yychar, and that requires
     that yytoken be updated with the new translation.  We take the
     approach of translating immediately before every use of yytoken.
     One alternative is translating here after every semantic action,
     but that translation would be missed if the semantic action invokes
     YYABORT, YYACCEPT, or YYERROR immediately after altering yychar or
     if it invokes YYBACKUP.  In the case of YYABORT or YYACCEPT, an
     incorrect destructor might then be invoked immediately.  In the
     case of YYERROR or YYBACKUP, subsequent parser actions might lead
     to an incorrect destructor call or verbose syntax error message
     before the lookahead is translated.  */
  YY_SYMBOL_PRINT ("-> $$ =", YY_CAST (yysymbol_kind_t, yyr1[yyn]), &yyval, &yyloc);

  YYPOPSTACK (yylen);
  yylen = 0;

  *++yyvsp = yyval;
  *++yylsp = yyloc;

  /* Now 'shift' the result of the reduction.  Determine what state
     that goes to, based on the state we popped back to and the rule
     number reduced by.  */
  {
    const int yylhs = yyr1[yyn] - YYNTOKENS;
    const int yyi = yypgoto[yylhs] + *yyssp;
    yystate = (0 <= yyi && yyi <= YYLAST && yycheck[yyi] == *yyssp
               ? yytable[yyi]
               : yydefgoto[yylhs]);
  }

  goto yynewstate;


/*--------------------------------------.
| yyerrlab -- here on detecting error.  |
`--------------------------------------*/
yyerrlab:
  /* Make sure we have latest lookahead translation.  See comments at
     user semantic actions for why this is necessary.  */
  yytoken = yychar == PHX_YYEMPTY ? YYSYMBOL_YYEMPTY : YYTRANSLATE (yychar);
  /* If not already recovering from an error, report this error.  */
  if (!yyerrstatus)
    {
      ++yynerrs;
      {
        yypcontext_t yyctx
          = {yyssp, yyesa, &yyes, &yyes_capacity, yytoken, &yylloc};
        if (yychar != PHX_YYEMPTY)
          YY_LAC_ESTABLISH;
        if (yyreport_syntax_error (&yyctx, p) == 2)
          YYNOMEM;
      }
    }

  yyerror_range[1] = yylloc;
  if (yyerrstatus == 3)
    {
      /* If just tried and failed to reuse lookahead token after an
         error, discard it.  */

      if (yychar <= END)
        {
          /* Return failure if at end of input.  */
          if (yychar == END)
            YYABORT;
        }
      else
        {
          yydestruct ("Error: discarding",
                      yytoken, &yylval, &yylloc, p);
          yychar = PHX_YYEMPTY;
        }
    }

  /* Else will try to reuse lookahead token after shifting the error
     token.  */
  goto yyerrlab1;


/*---------------------------------------------------.
| yyerrorlab -- error raised explicitly by YYERROR.  |
`---------------------------------------------------*/
yyerrorlab:
  /* Pacify compilers when the user code never invokes YYERROR and the
     label yyerrorlab therefore never appears in user code.  */
  if (0)
    YYERROR;
  ++yynerrs;

  /* Do not reclaim the symbols of the rule whose action triggered
     this YYERROR.  */
  YYPOPSTACK (yylen);
  yylen = 0;
  YY_STACK_PRINT (yyss, yyssp);
  yystate = *yyssp;
  goto yyerrlab1;


/*-------------------------------------------------------------.
| yyerrlab1 -- common code for both syntax error and YYERROR.  |
`-------------------------------------------------------------*/
yyerrlab1:
  yyerrstatus = 3;      /* Each real token shifted decrements this.  */

  /* Pop stack until we find a state that shifts the error token.  */
  for (;;)
    {
      yyn = yypact[yystate];
      if (!yypact_value_is_default (yyn))
        {
          yyn += YYSYMBOL_YYerror;
          if (0 <= yyn && yyn <= YYLAST && yycheck[yyn] == YYSYMBOL_YYerror)
            {
              yyn = yytable[yyn];
              if (0 < yyn)
                break;
            }
        }

      /* Pop the current state because it cannot handle the error token.  */
      if (yyssp == yyss)
        YYABORT;

      yyerror_range[1] = *yylsp;
      yydestruct ("Error: popping",
                  YY_ACCESSING_SYMBOL (yystate), yyvsp, yylsp, p);
      YYPOPSTACK (1);
      yystate = *yyssp;
      YY_STACK_PRINT (yyss, yyssp);
    }

  /* If the stack popping above didn't lose the initial context for the
     current lookahead token, the shift below will for sure.  */
  YY_LAC_DISCARD ("error recovery");

  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  *++yyvsp = yylval;
  YY_IGNORE_MAYBE_UNINITIALIZED_END

  yyerror_range[2] = yylloc;
  ++yylsp;
  YYLLOC_DEFAULT (*yylsp, yyerror_range, 2);

  /* Shift the error token.  */
  YY_SYMBOL_PRINT ("Shifting", YY_ACCESSING_SYMBOL (yyn), yyvsp, yylsp);

  yystate = yyn;
  goto yynewstate;


/*-------------------------------------.
| yyacceptlab -- YYACCEPT comes here.  |
`-------------------------------------*/
yyacceptlab:
  yyresult = 0;
  goto yyreturnlab;


/*-----------------------------------.
| yyabortlab -- YYABORT comes here.  |
`-----------------------------------*/
yyabortlab:
  yyresult = 1;
  goto yyreturnlab;


/*-----------------------------------------------------------.
| yyexhaustedlab -- YYNOMEM (memory exhaustion) comes here.  |
`-----------------------------------------------------------*/
yyexhaustedlab:
  yyerror (&yylloc, p, YY_("memory exhausted"));
  yyresult = 2;
  goto yyreturnlab;


/*----------------------------------------------------------.
| yyreturnlab -- parsing is finished, clean up and return.  |
`----------------------------------------------------------*/
yyreturnlab:
  if (yychar != PHX_YYEMPTY)
    {
      /* Make sure we have latest lookahead translation.  See comments at
         user semantic actions for why this is necessary.  */
      yytoken = YYTRANSLATE (yychar);
      yydestruct ("Cleanup: discarding lookahead",
                  yytoken, &yylval, &yylloc, p);
    }
  /* Do not reclaim the symbols of the rule whose action triggered
     this YYABORT or YYACCEPT.  */
  YYPOPSTACK (yylen);
  YY_STACK_PRINT (yyss, yyssp);
  while (yyssp != yyss)
    {
      yydestruct ("Cleanup: popping",
                  YY_ACCESSING_SYMBOL (+*yyssp), yyvsp, yylsp, p);
      YYPOPSTACK (1);
    }
#ifndef yyoverflow
  if (yyss != yyssa)
    YYSTACK_FREE (yyss);
#endif
  if (yyes != yyesa)
    YYSTACK_FREE (yyes);

  return yyresult;
}

#line 302 "./grammar/phx.y"


static const char *const open_names[128] = {
	['{'] = "'{'", ['['] = "'['", ['('] = "'('", ['"'] = "string", ['$'] = "'${'",
};

static bool is_item_keyword(yysymbol_kind_t t)
{
	switch (t) {
	case YYSYMBOL_STACK:
	case YYSYMBOL_RESOURCE:
	case YYSYMBOL_PARAM:
	case YYSYMBOL_OUTPUT:
	case YYSYMBOL_IMPORT:
	case YYSYMBOL_COMPONENT:
		return true;
	default:
		return false;
	}
}

/* "unexpected X, expected A, B or C", with a note at the bracket that an
 * expected closer would close. */
static int yyreport_syntax_error(const yypcontext_t *ctx, struct phx_parser *p)
{
	enum { MAX_EXPECTED = 6 };
	yysymbol_kind_t expected[MAX_EXPECTED];
	yysymbol_kind_t tok = yypcontext_token(ctx);
	struct phx_loc loc = *yypcontext_location(ctx);
	int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
	bool wants_close = false;
	struct strbuf b;
	struct diag *r;

	strbuf_init(&b);
	if (tok == YYSYMBOL_YYEMPTY)
		strbuf_adds(&b, "syntax error");
	else
		strbuf_addf(&b, "unexpected %s", yysymbol_name(tok));
	if (n > 0) {
		strbuf_adds(&b, ", expected ");
		for (int i = 0; i < n; i++) {
			if (expected[i] == YYSYMBOL_INTERP_END)
				wants_close = true;
			if (expected[i] == YYSYMBOL_YYACCEPT)
				continue;
			if (expected[i] == '}' - 0 || !strcmp(yysymbol_name(expected[i]), "'}'") ||
			    !strcmp(yysymbol_name(expected[i]), "']'") ||
			    !strcmp(yysymbol_name(expected[i]), "')'"))
				wants_close = true;
			strbuf_addf(&b, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ",
				    yysymbol_name(expected[i]));
		}
	}
	r = diag_error(p->diag, loc, "%s", b.s);
	strbuf_fini(&b);
	if (wants_close && p->depth > 0 && p->depth <= PARSE_MAX_DEPTH) {
		uint32_t off = p->open[p->depth - 1];
		char k = p->open_kind[p->depth - 1];
		struct phx_loc at = { p->file, off, off + (k == '$' ? 2 : 1) };

		diag_note(r, at, "to close the %s opened here", open_names[(unsigned char)k]);
	}
	if (is_item_keyword(tok) && wants_close)
		diag_hint(r, "a '}' is probably missing before this %s", yysymbol_name(tok));
	else if (tok == YYSYMBOL_IDENT && n > 0 && !strcmp(yysymbol_name(expected[0]), "'='"))
		diag_hint(r, "write entries as 'key = value'");
	return 0;
}
