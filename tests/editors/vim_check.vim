" vim_check.vim - headless checks of grammar/editors/vim, run by
" tests/editors.test as:
"   vim -Nu NONE -i NONE -es --cmd 'set rtp^=VIMDIR' \
"       -c 'let g:out = "OUT" | let g:expect = "EXPECT"' -S vim_check.vim FILE.phx
" Writes one TAP line ("ok - ..." / "not ok - ..." / "# ...") per check to
" g:out. g:expect holds lines "GROUP<TAB>PATTERN": the first match of the
" Vim PATTERN in FILE (its \zs if any) must carry the syntax group GROUP;
" with g:expect empty only the coverage check runs. g:indent set to 1 adds
" the re-indent check. Coverage: every character that is not blank has a
" syntax group, and none is an error group.
let s:out = []

function! s:Check(ok, name, ...) abort
  call add(s:out, (a:ok ? 'ok - ' : 'not ok - ') . a:name)
  if !a:ok && a:0
    call extend(s:out, map(split(a:1, "\n"), '"# " . v:val'))
  endif
endfunction

filetype plugin indent on
syntax on
" ftdetect is read by 'filetype on' from every runtimepath entry; the buffer
" was loaded before that, so detect again.
filetype detect

call s:Check(&filetype ==# 'phx', 'ftdetect: *.phx has filetype phx', 'filetype=' . &filetype)
call s:Check(get(b:, 'current_syntax', '') ==# 'phx', 'syntax/phx.vim is loaded')
call s:Check(&commentstring ==# '# %s', 'ftplugin: commentstring is "# %s"', 'commentstring=' . &commentstring)
call s:Check(&shiftwidth == 2 && &expandtab, 'ftplugin: 2-space indent with spaces')
call s:Check(&indentexpr =~# 'GetPhxIndent', 'indent/phx.vim sets indentexpr', 'indentexpr=' . &indentexpr)

let s:uncovered = []
for s:l in range(1, line('$'))
  let s:text = getline(s:l)
  for s:c in range(1, len(s:text))
    if s:text[s:c - 1] =~# '\s'
      continue
    endif
    let s:name = synIDattr(synID(s:l, s:c, 1), 'name')
    if s:name ==# '' || s:name =~# 'Error$'
      call add(s:uncovered, printf('%d:%d %s %s', s:l, s:c, s:text[s:c - 1], s:name ==# '' ? '(none)' : s:name))
    endif
  endfor
endfor
call s:Check(empty(s:uncovered), 'vim: every character of ' . expand('%') . ' is highlighted', join(s:uncovered[:9], "\n"))

for s:line in (g:expect ==# '' ? [] : readfile(g:expect))
  if s:line =~# '^\s*$' || s:line =~# '^"'
    continue
  endif
  let [s:group, s:pat] = split(s:line, "\t")
  call cursor(1, 1)
  let [s:l, s:c] = searchpos(s:pat, 'cW')
  if s:l == 0
    call s:Check(0, 'vim: ' . s:group . ' at /' . s:pat . '/', 'pattern not found')
    continue
  endif
  let s:got = synIDattr(synID(s:l, s:c, 1), 'name')
  call s:Check(s:got ==# s:group, printf('vim: %s at %d:%d /%s/', s:group, s:l, s:c, s:pat),
        \ 'got ' . (s:got ==# '' ? '(none)' : s:got))
endfor

" Colour: every syntax group (but transparent ones and regions drawn by
" their matchgroup) links to a highlight
" group, so nothing matched is left uncoloured (a cleared group).
if get(g:, 'indent', 0)
  let s:cleared = []
  let s:groups = {}
  for s:def in split(execute('syntax list'), "\n")
    let s:m = matchlist(s:def, '^\(phx\w\+\)\s\+xxx\s\+\(.*\)')
    if !empty(s:m)
      let s:groups[s:m[1]] = get(s:groups, s:m[1], '') . ' ' . s:m[2]
    endif
  endfor
  for [s:g, s:def] in items(s:groups)
    " (a region drawn by its matchgroup, holding other groups, needs none)
    if s:def !~# '\<transparent\>\|matchgroup=' && synIDtrans(hlID(s:g)) == hlID(s:g)
          \ && synIDattr(hlID(s:g), 'fg') ==# '' && synIDattr(hlID(s:g), 'bold') ==# ''
      call add(s:cleared, s:g)
    endif
  endfor
  call s:Check(len(s:groups) >= 20 && empty(s:cleared),
        \ printf('vim: all %d syntax groups have a colour (none cleared)', len(s:groups)),
        \ 'cleared: ' . join(sort(s:cleared), ' '))
  " name.Attr: both halves coloured, differently
  call cursor(1, 1)
  let [s:l, s:c] = searchpos('\${\zslogs\.Arn', 'cW')
  let s:ref = synIDattr(synIDtrans(synID(s:l, s:c, 1)), 'name')
  let s:attr = synIDattr(synIDtrans(synID(s:l, s:c + 5, 1)), 'name')
  call s:Check(s:l > 0 && s:ref !=# '' && s:attr !=# '' && s:ref !=# s:attr
        \ && s:ref !=# 'phxRef' && s:attr !=# 'phxAttr',
        \ 'vim: logs.Arn is coloured (' . s:ref . ' then ' . s:attr . ')')
endif

" Indent: flatten the file, re-indent it with =, compare with the original
" (the file is laid out as phxc fmt would).
if !get(g:, 'indent', 0)
  call writefile(s:out, g:out)
  qa!
endif
let s:want = getline(1, '$')
silent %s/^\s\+//e
silent normal! gg=G
let s:got = getline(1, '$')
let s:bad = []
for s:i in range(len(s:want))
  if s:want[s:i] !=# s:got[s:i]
    call add(s:bad, printf('%d: want [%s] got [%s]', s:i + 1, s:want[s:i], s:got[s:i]))
  endif
endfor
call s:Check(empty(s:bad), 'vim: gg=G re-indents ' . expand('%:t') . ' as written', join(s:bad[:9], "\n"))

call writefile(s:out, g:out)
qa!
