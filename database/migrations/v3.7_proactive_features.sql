-- Generated from the Alembic revisions by `make sql`; do not edit by hand.
\set ON_ERROR_STOP on
-- Applies the base schema first when the database is empty, so
-- `psql -d companion_bot -f database/migrations/v3.7_proactive_features.sql` works on a fresh database too.
SELECT to_regclass('public.users') IS NULL AS needs_base_schema \gset
\if :needs_base_schema
\ir v3.6_base_schema.sql
\endif

BEGIN;

-- Running upgrade 0001_base -> 0002_proactive_features

CREATE TABLE feature_flags (
    name VARCHAR(64) NOT NULL, 
    enabled BOOLEAN DEFAULT true NOT NULL, 
    rollout_percent FLOAT DEFAULT 100 NOT NULL, 
    description VARCHAR(255), 
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    CONSTRAINT pk_feature_flags PRIMARY KEY (name), 
    CONSTRAINT ck_feature_flags_rollout_percent CHECK (rollout_percent >= 0 AND rollout_percent <= 100)
);

CREATE TABLE greeting_preferences (
    id SERIAL NOT NULL, 
    user_id INTEGER NOT NULL, 
    prefer_proactive BOOLEAN DEFAULT true NOT NULL, 
    preferred_greeting_time VARCHAR(5), 
    dnd_start_hour INTEGER, 
    dnd_end_hour INTEGER, 
    max_proactive_per_day INTEGER DEFAULT 3 NOT NULL, 
    reminder_lead_minutes INTEGER DEFAULT 30 NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    CONSTRAINT pk_greeting_preferences PRIMARY KEY (id), 
    CONSTRAINT ck_greeting_preferences_dnd_end_hour CHECK (dnd_end_hour BETWEEN 0 AND 23), 
    CONSTRAINT ck_greeting_preferences_dnd_start_hour CHECK (dnd_start_hour BETWEEN 0 AND 23), 
    CONSTRAINT ck_greeting_preferences_max_proactive_per_day CHECK (max_proactive_per_day >= 0), 
    CONSTRAINT ck_greeting_preferences_reminder_lead_minutes CHECK (reminder_lead_minutes BETWEEN 1 AND 1440), 
    CONSTRAINT fk_greeting_preferences_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
    CONSTRAINT uq_greeting_preferences_user_id UNIQUE (user_id)
);

CREATE TABLE user_schedules (
    id SERIAL NOT NULL, 
    user_id INTEGER NOT NULL, 
    message_id INTEGER, 
    event_name VARCHAR(200) NOT NULL, 
    description TEXT, 
    start_time TIMESTAMP WITH TIME ZONE NOT NULL, 
    end_time TIMESTAMP WITH TIME ZONE, 
    channel VARCHAR(16) NOT NULL, 
    status VARCHAR(16) DEFAULT 'scheduled' NOT NULL, 
    confidence FLOAT DEFAULT 1.0 NOT NULL, 
    source_text VARCHAR(500), 
    source_span_start INTEGER, 
    source_span_end INTEGER, 
    time_is_approximate BOOLEAN DEFAULT false NOT NULL, 
    preparation_reminder_sent BOOLEAN DEFAULT false NOT NULL, 
    preparation_reminder_sent_at TIMESTAMP WITH TIME ZONE, 
    event_completed_sent BOOLEAN DEFAULT false NOT NULL, 
    event_completed_sent_at TIMESTAMP WITH TIME ZONE, 
    followup_sent BOOLEAN DEFAULT false NOT NULL, 
    followup_sent_at TIMESTAMP WITH TIME ZONE, 
    is_completed BOOLEAN DEFAULT false NOT NULL, 
    completed_at TIMESTAMP WITH TIME ZONE, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    CONSTRAINT pk_user_schedules PRIMARY KEY (id), 
    CONSTRAINT ck_user_schedules_channel CHECK (channel IN ('web', 'telegram')), 
    CONSTRAINT ck_user_schedules_status CHECK (status IN ('scheduled', 'cancelled', 'done')), 
    CONSTRAINT ck_user_schedules_confidence CHECK (confidence >= 0 AND confidence <= 1), 
    CONSTRAINT ck_user_schedules_end_after_start CHECK (end_time IS NULL OR end_time >= start_time), 
    CONSTRAINT fk_user_schedules_message_id_messages FOREIGN KEY(message_id) REFERENCES messages (id) ON DELETE SET NULL, 
    CONSTRAINT fk_user_schedules_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
    CONSTRAINT uq_user_schedules_user_id_event_name_start_time UNIQUE (user_id, event_name, start_time)
);

CREATE INDEX ix_user_schedules_due_completions ON user_schedules (end_time) WHERE status = 'scheduled' AND NOT event_completed_sent AND end_time IS NOT NULL;

CREATE INDEX ix_user_schedules_due_reminders ON user_schedules (start_time) WHERE status = 'scheduled' AND NOT preparation_reminder_sent;

CREATE INDEX ix_user_schedules_user_id_start_time ON user_schedules (user_id, start_time);

CREATE TABLE proactive_sessions (
    id SERIAL NOT NULL, 
    user_id INTEGER NOT NULL, 
    session_type VARCHAR(32) NOT NULL, 
    reference_id INTEGER NOT NULL, 
    channel VARCHAR(16) NOT NULL, 
    status VARCHAR(16) DEFAULT 'pending' NOT NULL, 
    reason VARCHAR(64), 
    message_content TEXT, 
    attempts INTEGER DEFAULT 0 NOT NULL, 
    last_error TEXT, 
    due_at TIMESTAMP WITH TIME ZONE, 
    next_attempt_at TIMESTAMP WITH TIME ZONE, 
    claimed_until TIMESTAMP WITH TIME ZONE, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    sent_at TIMESTAMP WITH TIME ZONE, 
    acknowledged_at TIMESTAMP WITH TIME ZONE, 
    metadata JSON NOT NULL, 
    CONSTRAINT pk_proactive_sessions PRIMARY KEY (id), 
    CONSTRAINT ck_proactive_sessions_channel CHECK (channel IN ('web', 'telegram')), 
    CONSTRAINT ck_proactive_sessions_session_type CHECK (session_type IN ('preparation_reminder', 'completion', 'followup')), 
    CONSTRAINT ck_proactive_sessions_status CHECK (status IN ('pending', 'sent', 'failed', 'skipped')), 
    CONSTRAINT fk_proactive_sessions_reference_id_user_schedules FOREIGN KEY(reference_id) REFERENCES user_schedules (id) ON DELETE CASCADE, 
    CONSTRAINT fk_proactive_sessions_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
    CONSTRAINT uq_proactive_sessions_reference_id_session_type UNIQUE (reference_id, session_type)
);

CREATE INDEX ix_proactive_sessions_pending ON proactive_sessions (next_attempt_at) WHERE status = 'pending';

CREATE INDEX ix_proactive_sessions_user_id_created_at ON proactive_sessions (user_id, created_at);

ALTER TABLE messages ADD COLUMN question_schedule_id INTEGER;

ALTER TABLE messages ADD COLUMN proactive_session_id INTEGER;

ALTER TABLE messages ADD CONSTRAINT fk_messages_question_schedule_id_user_schedules FOREIGN KEY(question_schedule_id) REFERENCES user_schedules (id) ON DELETE SET NULL;

ALTER TABLE messages ADD CONSTRAINT fk_messages_proactive_session_id_proactive_sessions FOREIGN KEY(proactive_session_id) REFERENCES proactive_sessions (id) ON DELETE SET NULL;

CREATE UNIQUE INDEX uq_messages_proactive_session_id ON messages (proactive_session_id);

CREATE OR REPLACE FUNCTION create_greeting_preferences() RETURNS trigger AS $$
    BEGIN
        INSERT INTO greeting_preferences (user_id) VALUES (NEW.id)
        ON CONFLICT (user_id) DO NOTHING;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;

CREATE TRIGGER trg_users_greeting_preferences AFTER INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION create_greeting_preferences();

INSERT INTO greeting_preferences (user_id)
    SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM greeting_preferences);

UPDATE alembic_version SET version_num='0002_proactive_features' WHERE alembic_version.version_num = '0001_base';

-- Running upgrade 0002_proactive_features -> 0003_snooze_sessions

ALTER TABLE proactive_sessions DROP CONSTRAINT ck_proactive_sessions_session_type;

ALTER TABLE proactive_sessions ADD CONSTRAINT ck_proactive_sessions_session_type CHECK (session_type IN ('preparation_reminder', 'completion', 'followup', 'snooze'));

UPDATE alembic_version SET version_num='0003_snooze_sessions' WHERE alembic_version.version_num = '0002_proactive_features';

-- Running upgrade 0003_snooze_sessions -> 0004_cap_follows_setting

ALTER TABLE greeting_preferences ALTER COLUMN max_proactive_per_day DROP NOT NULL;

ALTER TABLE greeting_preferences ALTER COLUMN max_proactive_per_day DROP DEFAULT;

UPDATE greeting_preferences SET max_proactive_per_day = NULL WHERE max_proactive_per_day = 3;

UPDATE alembic_version SET version_num='0004_cap_follows_setting' WHERE alembic_version.version_num = '0003_snooze_sessions';

-- Running upgrade 0004_cap_follows_setting -> 0005_usernames_ignore_case

CREATE UNIQUE INDEX uq_users_username_lower ON users (lower(username));

UPDATE alembic_version SET version_num='0005_usernames_ignore_case' WHERE alembic_version.version_num = '0004_cap_follows_setting';

-- Running upgrade 0005_usernames_ignore_case -> 0006_change_notifications

CREATE FUNCTION companion_bot_notify_message() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('companion_bot_messages', NEW.user_id::text);
        RETURN NULL;
    END $$;

CREATE TRIGGER trg_messages_notify AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.channel = 'web') EXECUTE FUNCTION companion_bot_notify_message();

CREATE FUNCTION companion_bot_notify_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('companion_bot_schedules', '');
        RETURN NULL;
    END $$;

CREATE TRIGGER trg_user_schedules_notify
    AFTER INSERT OR DELETE OR UPDATE OF start_time, end_time, status, channel ON user_schedules
    FOR EACH STATEMENT EXECUTE FUNCTION companion_bot_notify_schedule();

UPDATE alembic_version SET version_num='0006_change_notifications' WHERE alembic_version.version_num = '0005_usernames_ignore_case';

-- Running upgrade 0006_change_notifications -> 0007_message_client_keys

ALTER TABLE messages ADD COLUMN client_key VARCHAR(128);

CREATE UNIQUE INDEX uq_messages_user_id_channel_client_key_role ON messages (user_id, channel, client_key, role);

UPDATE alembic_version SET version_num='0007_message_client_keys' WHERE alembic_version.version_num = '0006_change_notifications';

-- Running upgrade 0007_message_client_keys -> 0008_task_reminders

ALTER TABLE user_schedules ADD COLUMN kind VARCHAR(16) DEFAULT 'meeting' NOT NULL CONSTRAINT ck_user_schedules_kind CHECK (kind IN ('meeting', 'task'));

ALTER TABLE proactive_sessions DROP CONSTRAINT ck_proactive_sessions_session_type;

ALTER TABLE proactive_sessions ADD CONSTRAINT ck_proactive_sessions_session_type CHECK (session_type IN ('preparation_reminder', 'completion', 'followup', 'snooze', 'task_reminder'));

UPDATE alembic_version SET version_num='0008_task_reminders' WHERE alembic_version.version_num = '0007_message_client_keys';

-- Running upgrade 0008_task_reminders -> 0009_schedule_changes

CREATE TABLE schedule_changes (
    id SERIAL NOT NULL, 
    user_id INTEGER NOT NULL, 
    schedule_id INTEGER NOT NULL, 
    kind VARCHAR(16) NOT NULL, 
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    undone_at TIMESTAMP WITH TIME ZONE, 
    previous_name VARCHAR(200), 
    previous_start TIMESTAMP WITH TIME ZONE, 
    previous_end TIMESTAMP WITH TIME ZONE, 
    previous_approximate BOOLEAN, 
    previous_status VARCHAR(16), 
    previous_reminders JSON, 
    CONSTRAINT pk_schedule_changes PRIMARY KEY (id), 
    CONSTRAINT ck_schedule_changes_kind CHECK (kind IN ('created', 'moved', 'edited', 'cancelled', 'restored')), 
    CONSTRAINT fk_schedule_changes_schedule_id_user_schedules FOREIGN KEY(schedule_id) REFERENCES user_schedules (id) ON DELETE CASCADE, 
    CONSTRAINT fk_schedule_changes_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_schedule_changes_user_id_changed_at ON schedule_changes (user_id, changed_at);

CREATE INDEX ix_schedule_changes_schedule_id ON schedule_changes (schedule_id);

UPDATE alembic_version SET version_num='0009_schedule_changes' WHERE alembic_version.version_num = '0008_task_reminders';

-- Running upgrade 0009_schedule_changes -> 0010_calendar_feeds

CREATE TABLE calendar_feeds (
    id SERIAL NOT NULL, 
    user_id INTEGER NOT NULL, 
    token_hash VARCHAR(64) NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    CONSTRAINT pk_calendar_feeds PRIMARY KEY (id), 
    CONSTRAINT fk_calendar_feeds_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
    CONSTRAINT uq_calendar_feeds_token_hash UNIQUE (token_hash), 
    CONSTRAINT uq_calendar_feeds_user_id UNIQUE (user_id)
);

CREATE TABLE calendar_imports (
    id SERIAL NOT NULL, 
    user_id INTEGER NOT NULL, 
    schedule_id INTEGER NOT NULL, 
    uid VARCHAR(255) NOT NULL, 
    imported_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    CONSTRAINT pk_calendar_imports PRIMARY KEY (id), 
    CONSTRAINT fk_calendar_imports_schedule_id_user_schedules FOREIGN KEY(schedule_id) REFERENCES user_schedules (id) ON DELETE CASCADE, 
    CONSTRAINT fk_calendar_imports_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
    CONSTRAINT uq_calendar_imports_user_id_uid UNIQUE (user_id, uid)
);

CREATE INDEX ix_calendar_imports_schedule_id ON calendar_imports (schedule_id);

UPDATE alembic_version SET version_num='0010_calendar_feeds' WHERE alembic_version.version_num = '0009_schedule_changes';

-- Running upgrade 0010_calendar_feeds -> 0011_morning_agenda

CREATE TABLE morning_agendas (
    id SERIAL NOT NULL, 
    user_id INTEGER NOT NULL, 
    local_date DATE NOT NULL, 
    due_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    channel VARCHAR(16) NOT NULL, 
    status VARCHAR(16) DEFAULT 'pending' NOT NULL, 
    reason VARCHAR(64), 
    message_content TEXT, 
    attempts INTEGER DEFAULT 0 NOT NULL, 
    last_error TEXT, 
    next_attempt_at TIMESTAMP WITH TIME ZONE, 
    claimed_until TIMESTAMP WITH TIME ZONE, 
    lease_lost BOOLEAN DEFAULT false NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    sent_at TIMESTAMP WITH TIME ZONE, 
    CONSTRAINT pk_morning_agendas PRIMARY KEY (id), 
    CONSTRAINT ck_morning_agendas_channel CHECK (channel IN ('web', 'telegram')), 
    CONSTRAINT ck_morning_agendas_status CHECK (status IN ('pending', 'sent', 'failed', 'skipped')), 
    CONSTRAINT fk_morning_agendas_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
    CONSTRAINT uq_morning_agendas_user_id_local_date UNIQUE (user_id, local_date)
);

CREATE INDEX ix_morning_agendas_pending ON morning_agendas (next_attempt_at) WHERE status = 'pending';

ALTER TABLE greeting_preferences ADD COLUMN agenda_when_empty BOOLEAN DEFAULT false NOT NULL;

UPDATE alembic_version SET version_num='0011_morning_agenda' WHERE alembic_version.version_num = '0010_calendar_feeds';

-- Running upgrade 0011_morning_agenda -> 0012_recurring_meetings

CREATE TABLE schedule_series (
    id SERIAL NOT NULL, 
    user_id INTEGER NOT NULL, 
    message_id INTEGER, 
    event_name VARCHAR(200) NOT NULL, 
    channel VARCHAR(16) NOT NULL, 
    kind VARCHAR(16) DEFAULT 'meeting' NOT NULL, 
    recurrence TEXT NOT NULL, 
    timezone VARCHAR(64) NOT NULL, 
    duration_minutes INTEGER, 
    time_is_approximate BOOLEAN DEFAULT false NOT NULL, 
    confidence FLOAT DEFAULT 1.0 NOT NULL, 
    source_text VARCHAR(500), 
    materialized_until TIMESTAMP WITH TIME ZONE, 
    ended_at TIMESTAMP WITH TIME ZONE, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    CONSTRAINT pk_schedule_series PRIMARY KEY (id), 
    CONSTRAINT ck_schedule_series_channel CHECK (channel IN ('web', 'telegram')), 
    CONSTRAINT ck_schedule_series_kind CHECK (kind IN ('meeting', 'task')), 
    CONSTRAINT ck_schedule_series_duration CHECK (duration_minutes IS NULL OR duration_minutes > 0), 
    CONSTRAINT ck_schedule_series_confidence CHECK (confidence >= 0 AND confidence <= 1), 
    CONSTRAINT fk_schedule_series_message_id_messages FOREIGN KEY(message_id) REFERENCES messages (id) ON DELETE SET NULL, 
    CONSTRAINT fk_schedule_series_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_schedule_series_user_id ON schedule_series (user_id);

CREATE INDEX ix_schedule_series_materialized_until ON schedule_series (materialized_until) WHERE materialized_until IS NOT NULL;

ALTER TABLE user_schedules ADD COLUMN series_id INTEGER;

ALTER TABLE user_schedules ADD COLUMN occurrence_start TIMESTAMP WITH TIME ZONE;

CREATE UNIQUE INDEX uq_user_schedules_series_id_occurrence_start ON user_schedules (series_id, occurrence_start);

ALTER TABLE schedule_changes ADD COLUMN previous_series JSON;

UPDATE alembic_version SET version_num='0012_recurring_meetings' WHERE alembic_version.version_num = '0011_morning_agenda';

-- Running upgrade 0012_recurring_meetings -> 0013_travel_stays

ALTER TABLE users ADD COLUMN home_timezone VARCHAR(64);

ALTER TABLE users ADD COLUMN away_until TIMESTAMP WITH TIME ZONE;

CREATE INDEX ix_users_away_until ON users (away_until) WHERE away_until IS NOT NULL;

UPDATE alembic_version SET version_num='0013_travel_stays' WHERE alembic_version.version_num = '0012_recurring_meetings';

COMMIT;

