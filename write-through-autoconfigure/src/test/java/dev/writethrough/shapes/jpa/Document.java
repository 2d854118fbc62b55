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

package dev.writethrough.shapes.jpa;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

/**
 * An entity with optimistic locking, binary content and the annotations a web API puts on
 * persistent fields.
 */
@Entity
@Table(name = "shape_document")
@JsonIgnoreProperties({ "checksum" })
public class Document extends BaseEntity {

	/** A web view that shows only the title. */
	public interface Summary {

	}

	@Version
	private Long version;

	@JsonView(Summary.class)
	private String title;

	@JsonIgnore
	private String internalNote;

	@JsonProperty(access = JsonProperty.Access.READ_ONLY)
	private String owner;

	private String checksum;

	@Column(length = 1024)
	private byte[] content;

	@Transient
	private String renderedPreview;

	private transient int readsThisRequest;

	protected Document() {
	}

	public Document(String title, String internalNote, String owner, String checksum, byte[] content) {
		this.title = title;
		this.internalNote = internalNote;
		this.owner = owner;
		this.checksum = checksum;
		this.content = content;
		this.renderedPreview = "<h1>" + title + "</h1>";
		this.readsThisRequest = 3;
	}

	public Long getVersion() {
		return this.version;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public String getSummary() {
		return this.title + " by " + this.owner;
	}

}
