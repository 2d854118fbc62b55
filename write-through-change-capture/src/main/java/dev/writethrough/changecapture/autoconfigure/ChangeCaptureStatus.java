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

package dev.writethrough.changecapture.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.writethrough.changecapture.ChangeCapture;

/**
 * What health and the endpoint show of change capture.
 *
 * @author write-through
 */
final class ChangeCaptureStatus {

	private ChangeCaptureStatus() {
	}

	static Map<String, Object> of(ChangeCapture changeCapture) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("stream", changeCapture.getName());
		status.put("reading", changeCapture.isLeader());
		String leader = changeCapture.getLeader();
		status.put("leader", (leader != null) ? leader : "none");
		status.put("instance", changeCapture.getInstanceToken());
		status.put("position", changeCapture.getStoredPosition());
		Instant since = changeCapture.getLeaderSince();
		if (since != null) {
			status.put("readingSince", since.toString());
			status.put("lastPosition", changeCapture.getPosition());
		}
		Duration lag = changeCapture.getLag();
		if (lag != null) {
			status.put("lagMillis", lag.toMillis());
		}
		Instant last = changeCapture.getLastEvent();
		if (last != null) {
			status.put("lastEvent", last.toString());
		}
		status.put("events", changeCapture.getEvents());
		status.put("evictions", changeCapture.getEvictions());
		status.put("skipped", changeCapture.getSkipped());
		Throwable failure = changeCapture.getLastFailure();
		if (failure != null) {
			status.put("lastFailure", String.valueOf(failure.getMessage()));
		}
		return status;
	}

}
