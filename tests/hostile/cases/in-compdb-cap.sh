# A compile database over --max-input-size: refused with the limit and the flag named.
tiny_project proj
expect 1 "seam: cannot read compile database '*': * bytes, over the limit of 16 bytes (--max-input-size raises it)" seam analyze proj -o out --no-git --max-input-size 16
