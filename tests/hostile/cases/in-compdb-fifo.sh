# compile_commands.json that is a FIFO: refused at once, libclang never opens it.
tiny_project proj
rm proj/compile_commands.json
mkfifo proj/compile_commands.json
expect 1 "seam: cannot read compile database '*compile_commands.json': it is a FIFO, not a regular file" seam analyze proj -o out --no-git
