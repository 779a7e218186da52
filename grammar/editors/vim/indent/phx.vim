" Vim indent file
" Language:	phx (infrastructure programs compiled by phxc)
"
" One shiftwidth per open '{', '[' or '(' of the lines above, the same layout
" 'phxc fmt' writes. Brackets inside strings and comments do not count. The
" lines of a block string (""" ... """) keep their indentation (it is text),
" but go at least one shiftwidth deeper than the line that opens it.

if exists("b:did_indent")
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetPhxIndent(v:lnum)
setlocal indentkeys=0{,0},0],0),!^F,o,O
setlocal autoindent nolisp nosmartindent nocindent

let b:undo_indent = "setlocal indentexpr< indentkeys< autoindent< lisp< smartindent< cindent<"

if exists("*GetPhxIndent")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" The line without its strings and its comment.
function! s:Code(line) abort
  let s = substitute(a:line, '"\%([^"\\]\|\\.\)*"\=', '""', 'g')
  return substitute(s, '\%(#\|//\).*$', '', '')
endfunction

" Brackets the line leaves open; the closers that start it are already
" counted by its own indent.
function! s:Opened(line) abort
  let s = s:Code(a:line)
  let lead = len(substitute(matchstr(s, '^\s*[]})]\%(\s*[]})]\)*'), '\s', '', 'g'))
  let opens = len(substitute(s, '[^{[(]', '', 'g'))
  let closes = len(substitute(s, '[^}\])]', '', 'g'))
  return opens - (closes - lead)
endfunction

" Does the line start inside a block string (its closing quotes included)?
function! s:InBlock(lnum) abort
  let col = match(getline(a:lnum), '\S') + 1
  return col > 0 && synIDattr(synID(a:lnum, col, 1), 'name') =~# '^phx\%(BlockString\|Escape\|EscapeError\|Interp.*\)$'
endfunction

function! GetPhxIndent(lnum) abort
  if s:InBlock(a:lnum)
    let open = a:lnum
    while open > 1 && s:InBlock(open)
      let open -= 1
    endwhile
    return max([indent(a:lnum), indent(open) + shiftwidth()])
  endif
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return 0
  endif
  let ind = indent(prev)
  let text = getline(prev)
  if s:InBlock(prev)
    " the line that opened the block string, with the code after it closes
    let open = prev
    while open > 1 && s:InBlock(open)
      let open -= 1
    endwhile
    let ind = indent(open)
    let text = matchstr(getline(open), '^.\{-}\ze"""') . '""' . matchstr(text, '.*"""\zs.*')
  endif
  let net = s:Opened(text)
  if net > 0
    let ind += shiftwidth()
  elseif net < 0
    let ind -= shiftwidth()
  endif
  if s:Code(getline(a:lnum)) =~# '^\s*[}\])]'
    let ind -= shiftwidth()
  endif
  return ind < 0 ? 0 : ind
endfunction

let &cpo = s:cpo_save
unlet s:cpo_save
