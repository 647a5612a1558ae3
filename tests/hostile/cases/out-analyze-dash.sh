# analyze -o - : OUT is a directory, so '-' is a usage error, not a directory named '-'.
tiny_project proj
expect 2 "seam: analyze: -o names a directory*" seam analyze proj -o - --no-git
test ! -e ./-
