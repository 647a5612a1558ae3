# -o a FIFO that nobody reads: one line at once, not a hang; the FIFO stays.
mkfifo fifo
expect 1 "seam: cannot write 'fifo': no process reads this FIFO" seam inspect-db "$SHOP_DB" -o fifo
test -p fifo
