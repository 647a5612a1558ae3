# scan -o -: code.json on standard output, the summary on standard error, no cache file in the working directory.
tiny_project proj
expect 0 'seam: 1 files, 1 functions*' seam scan proj -o - -q
python3 -c 'import json; json.load(open("stdout"))'
test ! -e seam-cache.sqlite
