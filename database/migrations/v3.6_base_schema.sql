-- Generated from the Alembic revisions by `make sql`; do not edit by hand.
\set ON_ERROR_STOP on

BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_base

CREATE TABLE users (
    id SERIAL NOT NULL, 
    username VARCHAR(64), 
    password_hash VARCHAR(255), 
    display_name VARCHAR(128), 
    timezone VARCHAR(64) DEFAULT 'UTC' NOT NULL, 
    timezone_confirmed BOOLEAN DEFAULT false NOT NULL, 
    telegram_id BIGINT, 
    telegram_chat_id BIGINT, 
    telegram_username VARCHAR(64), 
    is_admin BOOLEAN DEFAULT false NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    last_active_at TIMESTAMP WITH TIME ZONE, 
    CONSTRAINT pk_users PRIMARY KEY (id), 
    CONSTRAINT uq_users_telegram_chat_id UNIQUE (telegram_chat_id), 
    CONSTRAINT uq_users_telegram_id UNIQUE (telegram_id), 
    CONSTRAINT uq_users_username UNIQUE (username)
);

CREATE TABLE analytics_events (
    id SERIAL NOT NULL, 
    user_id INTEGER, 
    name VARCHAR(64) NOT NULL, 
    value FLOAT, 
    properties JSON NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    CONSTRAINT pk_analytics_events PRIMARY KEY (id), 
    CONSTRAINT fk_analytics_events_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE INDEX ix_analytics_events_name_created_at ON analytics_events (name, created_at);

CREATE TABLE auth_sessions (
    id SERIAL NOT NULL, 
    user_id INTEGER NOT NULL, 
    token_hash VARCHAR(64) NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    CONSTRAINT pk_auth_sessions PRIMARY KEY (id), 
    CONSTRAINT fk_auth_sessions_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
    CONSTRAINT uq_auth_sessions_token_hash UNIQUE (token_hash)
);

CREATE INDEX ix_auth_sessions_user_id ON auth_sessions (user_id);

CREATE TABLE link_codes (
    id SERIAL NOT NULL, 
    code VARCHAR(32) NOT NULL, 
    user_id INTEGER NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    used_at TIMESTAMP WITH TIME ZONE, 
    CONSTRAINT pk_link_codes PRIMARY KEY (id), 
    CONSTRAINT fk_link_codes_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
    CONSTRAINT uq_link_codes_code UNIQUE (code)
);

CREATE INDEX ix_link_codes_user_id ON link_codes (user_id);

CREATE TABLE messages (
    id SERIAL NOT NULL, 
    user_id INTEGER NOT NULL, 
    channel VARCHAR(16) NOT NULL, 
    role VARCHAR(8) NOT NULL, 
    message_type VARCHAR(16) DEFAULT 'reactive' NOT NULL, 
    content TEXT NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    is_question BOOLEAN DEFAULT false NOT NULL, 
    answered_at TIMESTAMP WITH TIME ZONE, 
    in_reply_to_id INTEGER, 
    CONSTRAINT pk_messages PRIMARY KEY (id), 
    CONSTRAINT ck_messages_channel CHECK (channel IN ('web', 'telegram')), 
    CONSTRAINT ck_messages_message_type CHECK (message_type IN ('reactive', 'proactive')), 
    CONSTRAINT ck_messages_role CHECK (role IN ('user', 'bot')), 
    CONSTRAINT fk_messages_in_reply_to_id_messages FOREIGN KEY(in_reply_to_id) REFERENCES messages (id) ON DELETE SET NULL, 
    CONSTRAINT fk_messages_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_messages_user_id_id ON messages (user_id, id);

INSERT INTO alembic_version (version_num) VALUES ('0001_base') RETURNING alembic_version.version_num;

COMMIT;

