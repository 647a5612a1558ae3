# A FIFO where the analyzer's cache goes: refused at once (SQLite would wait on it forever).
tiny_project proj
mkdir out
mkfifo out/seam-cache.sqlite
expect 1 "seam: cannot use cache 'out/seam-cache.sqlite': it is a FIFO, not a regular file*" seam analyze proj -o out --no-git
test -p out/seam-cache.sqlite
