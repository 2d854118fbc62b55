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

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Page views ({@code /pages/{page}/views}, write-behind) and the audit log
 * ({@code /audit}, write-around).
 */
@RestController
public class StrategyController {

	private final PageViewCounter counter;

	private final AuditLogRepository auditLog;

	public StrategyController(PageViewCounter counter, AuditLogRepository auditLog) {
		this.counter = counter;
		this.auditLog = auditLog;
	}

	@PostMapping("/pages/{page}/views")
	public PageView view(@PathVariable String page) {
		return this.counter.view(page);
	}

	@GetMapping("/pages/{page}/views")
	public Map<String, Object> views(@PathVariable String page) {
		return Map.of("page", page, "views", this.counter.views(page));
	}

	@PostMapping("/audit")
	public ResponseEntity<AuditEntry> audit(@RequestBody Map<String, String> entry) {
		AuditEntry saved = this.auditLog.save(new AuditEntry(entry.getOrDefault("text", ""), Instant.now()));
		return ResponseEntity.created(URI.create("/audit/" + saved.getId())).body(saved);
	}

	@GetMapping("/audit/{id}")
	public ResponseEntity<AuditEntry> auditEntry(@PathVariable long id) {
		return ResponseEntity.of(this.auditLog.findById(id));
	}

}
