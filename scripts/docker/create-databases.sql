-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d), as the
-- POSTGRES_USER superuser: one database per service.
CREATE DATABASE tongxin_volunteer;
CREATE DATABASE tongxin_posts;
CREATE DATABASE tongxin_wishes;
CREATE DATABASE tongxin_points;
CREATE DATABASE tongxin_activities;
CREATE DATABASE tongxin_notifications;
