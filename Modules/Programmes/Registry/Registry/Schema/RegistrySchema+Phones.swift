import Contract

extension RegistrySchema {
    /// Registry migration 6: phone numbers sealed with the keyring as ID numbers are. A worker's `phone` becomes
    /// `phone_masked` (for lists) and `phone_cipher` / `phone_key`; a file's `contacts` keep names and relationships with
    /// masked phones, the whole list sealed in `contacts_cipher` / `contacts_key`. SQL cannot seal, so the numbers already
    /// stored move out as their UTF-8 bytes under the key id `SealedColumn.staged`, which `Platform.reencrypt(onlyStaged:)`
    /// seals right after the migrations of the same run (a partial index finds them). Masking as `PhoneNumber.masked`.
    static let sealedPhones = Migration(
        6, "phone numbers sealed with the keyring, masked for lists",
        """
        CREATE FUNCTION pg_temp.masked_phone(phone text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN length(phone) >= 7 THEN left(phone, 3) || repeat('*', length(phone) - 7) || right(phone, 4)
                        ELSE repeat('*', length(phone)) END
        $$;

        ALTER TABLE registry.workers
            ADD COLUMN phone_masked text,
            ADD COLUMN phone_cipher bytea,
            ADD COLUMN phone_key text,
            ADD CONSTRAINT workers_phone_sealed CHECK ((phone_cipher IS NULL) = (phone_key IS NULL) AND (phone_cipher IS NULL) = (phone_masked IS NULL));
        UPDATE registry.workers
            SET phone_masked = pg_temp.masked_phone(btrim(phone)), phone_cipher = convert_to(btrim(phone), 'UTF8'), phone_key = '\(SealedColumn.staged)'
            WHERE btrim(phone) <> '';
        ALTER TABLE registry.workers DROP COLUMN phone;
        CREATE INDEX workers_phone_staged ON registry.workers (id) WHERE phone_key = '\(SealedColumn.staged)';

        ALTER TABLE registry.files
            ADD COLUMN contacts_cipher bytea,
            ADD COLUMN contacts_key text,
            ADD CONSTRAINT files_contacts_sealed CHECK ((contacts_cipher IS NULL) = (contacts_key IS NULL));
        UPDATE registry.files
            SET contacts_cipher = convert_to(contacts::text, 'UTF8'), contacts_key = '\(SealedColumn.staged)',
                contacts = (SELECT jsonb_agg(CASE WHEN jsonb_typeof(c -> 'phone') = 'string'
                                                  THEN jsonb_set(c, '{phone}', to_jsonb(pg_temp.masked_phone(c ->> 'phone'))) ELSE c END ORDER BY i)
                            FROM jsonb_array_elements(contacts) WITH ORDINALITY AS e(c, i))
            WHERE jsonb_typeof(contacts) = 'array' AND jsonb_array_length(contacts) > 0;
        CREATE INDEX files_contacts_staged ON registry.files (child_id) WHERE contacts_key = '\(SealedColumn.staged)';
        DROP FUNCTION pg_temp.masked_phone(text);
        """)
}
