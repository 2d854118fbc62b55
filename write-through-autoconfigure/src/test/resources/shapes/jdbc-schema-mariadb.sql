DROP TABLE IF EXISTS shape_jdbc_order_item;
DROP TABLE IF EXISTS shape_jdbc_order_note;
DROP TABLE IF EXISTS shape_jdbc_order_discount;
DROP TABLE IF EXISTS shape_jdbc_order;
DROP TABLE IF EXISTS shape_jdbc_receipt_line;
DROP TABLE IF EXISTS shape_jdbc_receipt;
CREATE TABLE shape_jdbc_order (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	version INT,
	customer VARCHAR(200),
	ship_street VARCHAR(200),
	ship_city VARCHAR(200)
);
CREATE TABLE shape_jdbc_order_item (
	order_id BIGINT NOT NULL,
	sku VARCHAR(50),
	quantity INT NOT NULL
);
CREATE TABLE shape_jdbc_order_note (
	order_id BIGINT NOT NULL,
	position INT NOT NULL,
	text VARCHAR(200),
	written_at TIMESTAMP(6) NULL
);
CREATE TABLE shape_jdbc_order_discount (
	order_id BIGINT NOT NULL,
	label VARCHAR(50) NOT NULL,
	percent DECIMAL(5, 2)
);
CREATE TABLE shape_jdbc_receipt (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	number VARCHAR(50),
	total DECIMAL(19, 2)
);
CREATE TABLE shape_jdbc_receipt_line (
	receipt_id BIGINT NOT NULL,
	description VARCHAR(200),
	amount DECIMAL(19, 2)
);
