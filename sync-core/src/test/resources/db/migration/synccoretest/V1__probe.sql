CREATE TABLE probe (id int);
