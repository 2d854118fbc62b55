/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.writethrough.sample;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Seeds a few products into an empty catalogue, so there is something to read at once.
 */
@Component
class CatalogueSeeder implements ApplicationRunner {

	private final ProductRepository products;

	CatalogueSeeder(ProductRepository products) {
		this.products = products;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.products.count() == 0) {
			this.products.saveAll(List.of(new Product("Desk lamp", new BigDecimal("39.90"), 12),
					new Product("Oak desk", new BigDecimal("249.00"), 3),
					new Product("Office chair", new BigDecimal("129.50"), 7)));
		}
	}

}
