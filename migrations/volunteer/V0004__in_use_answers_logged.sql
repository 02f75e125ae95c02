-- A registration or a phone change answered "already registered" tells the caller that somebody
-- has that ID number or phone: such answers are logged and counted with the ID-number look-ups
-- (issue 11). result 6: the ID number is in use; 7: the phone is in use.
ALTER TABLE id_number_lookups DROP CONSTRAINT id_number_lookups_result_check;
ALTER TABLE id_number_lookups ADD CONSTRAINT id_number_lookups_result_check
  CHECK (result IN (1, 2, 3, 4, 5, 6, 7));
