# --constraints FIFO: refused at once.
tiny_project proj
mkfifo cons.json
expect 1 "seam: cannot read constraints file 'cons.json': it is a FIFO, not a regular file" seam analyze proj -o out --no-git --constraints cons.json
