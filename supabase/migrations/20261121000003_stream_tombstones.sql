-- Tombstones stream too (inserts only), so a console learns of a delete with its seq: a DELETE event alone
-- carries no seq, since Realtime trims a deleted row to its primary key under RLS.
alter publication supabase_realtime add table public.tombstones;
