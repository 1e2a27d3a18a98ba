-- The file system as tables (DBOS-FS): directories, files, and the files' bytes in fixed-size blocks.
-- Portable SQL: runs on PostgreSQL and on H2 (in PostgreSQL mode). See docs/store.md.

CREATE TABLE directories (
    id          BIGINT        NOT NULL PRIMARY KEY,
    path        VARCHAR(1024) NOT NULL UNIQUE,
    parent_id   BIGINT        REFERENCES directories (id),
    modified_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX directories_parent ON directories (parent_id);

CREATE TABLE files (
    id          BIGINT        NOT NULL PRIMARY KEY,
    path        VARCHAR(1024) NOT NULL UNIQUE,
    dir_id      BIGINT        NOT NULL REFERENCES directories (id),
    size_bytes  BIGINT        NOT NULL,
    block_size  INTEGER       NOT NULL,
    version     BIGINT        NOT NULL,
    modified_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX files_dir ON files (dir_id);

CREATE TABLE blocks (
    file_id     BIGINT  NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    block_index INTEGER NOT NULL,
    data        BYTEA   NOT NULL,
    PRIMARY KEY (file_id, block_index)
);

-- Ids of files and directories. A sequence, not an identity column, so both databases hand the id
-- back the same way (SELECT NEXT VALUE / nextval) before the insert.
CREATE SEQUENCE fs_ids START WITH 1;

-- The root directory "/" always exists; its id is 0.
INSERT INTO directories (id, path, parent_id, modified_at) VALUES (0, '/', NULL, CURRENT_TIMESTAMP);
