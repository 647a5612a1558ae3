# eval --truth FIFO: refused at once.
mkfifo truth.json
echo '{}' >model.json
expect 1 "seam: cannot read JSON file 'truth.json': it is a FIFO, not a regular file" seam eval --truth truth.json model.json
