" Vim syntax file
" Language:	phx (infrastructure programs compiled by phxc)
"
" The keywords mirror grammar/phx.l, the one source of truth;
" tests/editors.test fails when the two lists differ.

if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
syn iskeyword @,48-57,_

" Everything that is not a keyword: references, calls, properties.
syn match phxRef "\<\h\w*\>"
syn match phxCall "\<\h\w*\ze\s*("
" Key = value  |  Key { ... }   (not a value followed by a block)
syn match phxProperty "\%(\%(\<if\|\<in\|[=:&|<>!]\)\s*\)\@<!\<\h\w*\ze\s*\%(=\%(=\)\@!\|{\)"
" COMPONENT instance { ... }
syn match phxInstanceType "^\s*\zs\h\w*\ze\s\+\h\w*\s*{" nextgroup=phxInstanceName skipwhite
syn match phxInstanceName "\h\w*" contained

" component NAME(arg: type = default, ...)
syn match phxCompParam "\%(\%((\|,\)\s*\)\@<=\h\w*\ze\s*:[^:]"
syn match phxCompType "\%(\%((\|,\)\s*\h\w*\s*:\s*\)\@<=\h\w*"

" .Attribute, aws.region, env.key
syn match phxAttr "\%(\.\s*\)\@<=\h\w*"
syn match phxPseudoAttr "\%(\<aws\s*\.\s*\)\@<=\h\w*"

syn match phxDelimiter "[][(),.:]"
syn match phxOperator "==\|!=\|<=\|>=\|&&\|||\|->\|\.\.\|[=<>+*/!-]"
syn match phxError "[;'$@^~`?\\]"

" Numbers and quantities: 42 0.5 7d 12h 70% 20GB
syn match phxNumber "\<\d\+\>"
syn match phxFloat "\<\d\+\.\d\+\>"
syn match phxQuantity "\<\d\+\%(\.\d\+\)\=\ze\%(%\|\h\)" nextgroup=phxUnit
syn match phxUnit "%\|\h\w*" contained

" Strings: escapes and ${...} interpolation (braces inside it balance).
syn region phxString start=+"+ end=+"+ end=+$+ contains=phxEscapeError,phxEscape,phxInterp
syn match phxEscapeError "\\." contained
syn match phxEscape "\\\%([nrt\\"$]\|u{\x\{1,6}}\)" contained
syn region phxInterp matchgroup=phxInterpDelim start="\${" end="}" contained contains=TOP
syn region phxBraces matchgroup=phxBrace start="{" end="}" transparent contains=TOP
" "Quoted key" = value
syn match phxQuotedKey +\%(\%(\<if\|\<in\|[=:&|<>!]\)\s*\)\@<!"[^"\\$]*"\ze\s*=\%(=\)\@!+
" Block strings: """ to """, over several lines (defined last: wins over phxString).
syn region phxBlockString start=+"""+ end=+"""+ contains=phxEscapeError,phxEscape,phxInterp

" Keywords (grammar/phx.l). The item keywords are followed by the name they
" declare; resource also by its CloudFormation type.
syn keyword phxDeclaration stack output component nextgroup=phxItemName skipwhite
syn keyword phxDeclaration resource nextgroup=phxResourceName skipwhite
syn keyword phxDeclaration param nextgroup=phxParamName skipwhite
syn keyword phxDeclaration import
syn keyword phxConditional if
syn keyword phxRepeat for
" Keywords that may also name an entry (phx.y key_word: export = "x") are
" matches, so that they give way before '='; env.key reads the environment.
syn match phxDeclaration "\<\%(env\|export\|let\)\>\%(\s*=\%(=\)\@!\)\@!" nextgroup=phxItemName skipwhite
syn match phxConditional "\<\%(then\|else\)\>\%(\s*=\%(=\)\@!\)\@!"
syn match phxRepeat "\<\%(in\)\>\%(\s*=\%(=\)\@!\)\@!"
" allow "PHX-S012" "reason": a security lint acknowledgement
syn match phxDeclaration "\<\%(allow\)\>\%(\s*=\%(=\)\@!\)\@!"
syn match phxPseudo "\<\%(aws\|env\)\ze\s*\."
syn keyword phxBoolean true false

syn match phxItemName "\h\w*" contained
syn match phxResourceName "\h\w*" contained nextgroup=phxResourceType skipwhite
syn match phxResourceType +"[A-Za-z0-9]\+\%(::[A-Za-z0-9]\+\)*"+ contained
syn match phxParamName "\h\w*" contained nextgroup=phxTypeSep skipwhite
syn match phxTypeSep ":" contained nextgroup=phxParamType skipwhite
syn match phxParamType "\h\w*" contained

syn keyword phxTodo TODO FIXME XXX NOTE contained
syn match phxComment "#.*$" contains=phxTodo,@Spell
syn match phxComment "//.*$" contains=phxTodo,@Spell

" Braces nest across many lines: parse from the top (phx files are small).
syn sync fromstart

hi def link phxRef Identifier
hi def link phxAttr Constant
hi def link phxDeclaration Keyword
hi def link phxConditional Conditional
hi def link phxRepeat Repeat
hi def link phxBoolean Boolean
hi def link phxItemName Function
hi def link phxResourceName Function
hi def link phxResourceType Type
hi def link phxParamName Function
hi def link phxParamType Type
hi def link phxTypeSep Delimiter
hi def link phxInstanceType Type
hi def link phxInstanceName Function
hi def link phxProperty Identifier
hi def link phxQuotedKey Identifier
hi def link phxCall Function
hi def link phxCompParam Identifier
hi def link phxCompType Type
hi def link phxPseudo Special
hi def link phxPseudoAttr Constant
hi def link phxOperator Operator
hi def link phxDelimiter Delimiter
hi def link phxBrace Delimiter
hi def link phxError Error
hi def link phxNumber Number
hi def link phxFloat Float
hi def link phxQuantity Number
hi def link phxUnit Special
hi def link phxString String
hi def link phxBlockString String
hi def link phxEscape SpecialChar
hi def link phxEscapeError Error
hi def link phxInterpDelim Delimiter
hi def link phxTodo Todo
hi def link phxComment Comment

let b:current_syntax = "phx"

let &cpo = s:cpo_save
unlet s:cpo_save
