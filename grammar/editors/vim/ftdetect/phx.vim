" phx infrastructure programs (phxc)
autocmd BufRead,BufNewFile *.phx setfiletype phx
