-- Durable OS state: the component registry, grants, the system description that booted, and the
-- snapshot index. Portable SQL: runs on PostgreSQL and on H2 (in PostgreSQL mode). See docs/store.md.

CREATE TABLE component_registry (
    id          BIGINT       NOT NULL PRIMARY KEY,
    name        VARCHAR(256) NOT NULL,
    class_name  VARCHAR(1024) NOT NULL,
    kernel      INTEGER      NOT NULL,
    priority    INTEGER      NOT NULL,
    config      TEXT         NOT NULL,
    state       VARCHAR(32)  NOT NULL,
    spawned_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE grants (
    holder      BIGINT       NOT NULL REFERENCES component_registry (id) ON DELETE CASCADE,
    name        VARCHAR(256) NOT NULL,
    target      BIGINT       NOT NULL,
    rights      VARCHAR(64)  NOT NULL,
    badge       BIGINT       NOT NULL,
    PRIMARY KEY (holder, name)
);

CREATE INDEX grants_target ON grants (target);

CREATE TABLE system_description (
    id          BIGINT       NOT NULL PRIMARY KEY,
    name        VARCHAR(256) NOT NULL,
    toml        TEXT         NOT NULL,
    booted_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE snapshot_index (
    component_id   BIGINT        NOT NULL,
    seq            BIGINT        NOT NULL,
    journal_file   VARCHAR(1024) NOT NULL,
    journal_offset BIGINT        NOT NULL,
    taken_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (component_id, seq)
);
