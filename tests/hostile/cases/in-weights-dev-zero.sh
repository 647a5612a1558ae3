# --weights /dev/zero: refused, not read until memory runs out.
tiny_project proj
expect 1 "seam: cannot read weights file '/dev/zero': it is a character device, not a regular file" seam analyze proj -o out --no-git --weights /dev/zero
