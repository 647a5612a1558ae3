# decompose /dev/zero: the code.json input is refused.
expect 1 "seam: cannot read JSON file '/dev/zero': it is a character device, not a regular file" seam decompose /dev/zero -o model.json
test ! -e model.json
