create table if not exists cc_owners (id bigint primary key, name varchar(100) not null, version bigint not null);
create table if not exists cc_pets (id bigint primary key, owner_id bigint, name varchar(100) not null);
create table if not exists cc_visits (id bigint primary key, pet_id bigint, description varchar(100) not null)
