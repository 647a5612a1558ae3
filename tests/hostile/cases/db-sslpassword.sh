# Secrets in a conninfo string never reach the error line, nested dbname conninfo included.
expect 1 "seam: *" seam inspect-db "host=127.0.0.1 port=1 connect_timeout=2 user=u password=hunter2 sslpassword=s3cr3tkey dbname='host=127.0.0.1 password=inner99'"
absent 'hunter2\|s3cr3tkey\|inner99' stderr
absent 'hunter2\|s3cr3tkey\|inner99' stdout
