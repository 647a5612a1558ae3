# compile_commands.json as a symlink to /dev/zero: refused before a byte is read.
tiny_project proj
ln -sf /dev/zero proj/compile_commands.json
expect 1 "seam: cannot read compile database '*compile_commands.json': it is a character device, not a regular file" seam analyze proj -o out --no-git
