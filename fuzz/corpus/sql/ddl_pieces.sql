alter table `acct_%s` add `%s` %s first, add %s;
create temp table if not exists t (a int,;
drop table if exists;
ALTER TABLE ONLY
