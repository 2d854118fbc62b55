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

package dev.writethrough.autoconfigure;

import java.math.BigDecimal;

import org.springframework.util.Assert;

/**
 * A fraction written as a percentage in configuration, for example {@code 10%} (or
 * {@code 0.1}).
 *
 * @param fraction the fraction, {@code 0.1} for {@code 10%}
 * @author write-through
 */
public record Percentage(double fraction) {

	public Percentage {
		Assert.isTrue(fraction >= 0 && fraction < 1,
				() -> "A percentage must be at least 0% and below 100%, but was " + (fraction * 100) + "%");
	}

	/**
	 * Reads a percentage from its text.
	 * @param text for example {@code 10%}, {@code 2.5%} or {@code 0.1}
	 * @return the percentage
	 * @throws IllegalArgumentException if the text is no percentage from 0% to below 100%
	 */
	public static Percentage valueOf(String text) {
		Assert.hasText(text, "A percentage must not be empty: write it as, for example, 10%");
		String trimmed = text.trim();
		try {
			if (trimmed.endsWith("%")) {
				return new Percentage(new BigDecimal(trimmed.substring(0, trimmed.length() - 1).trim()).movePointLeft(2)
					.doubleValue());
			}
			return new Percentage(new BigDecimal(trimmed).doubleValue());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"'" + text + "' is not a percentage: write it as, for example, 10% (or 0.1)", ex);
		}
	}

	@Override
	public String toString() {
		return BigDecimal.valueOf(this.fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
	}

}
