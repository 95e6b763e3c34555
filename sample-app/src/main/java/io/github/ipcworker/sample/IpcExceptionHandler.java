/*
 * Copyright 2026 the ipc-worker authors.
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
package io.github.ipcworker.sample;

import io.github.ipcworker.IpcBusyException;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.IpcUnknownRequestException;
import io.github.ipcworker.IpcWorkerCrashedException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns ipc-worker failures into HTTP problem responses: a bad image is the client's
 * fault, a busy or crashed worker is the server's.
 */
@RestControllerAdvice
class IpcExceptionHandler {

	@ExceptionHandler
	ProblemDetail handle(IpcException ex) {
		HttpStatus status = status(ex);
		String detail = (ex instanceof IpcRemoteException remote) ? remote.getRemoteMessage() : ex.getMessage();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(ex.getClass().getSimpleName());
		return problem;
	}

	private static HttpStatus status(IpcException ex) {
		if (ex instanceof IpcRemoteException remote
				&& IllegalArgumentException.class.getName().equals(remote.getRemoteClassName())) {
			return HttpStatus.BAD_REQUEST;
		}
		if (ex instanceof IpcUnknownRequestException) {
			return HttpStatus.NOT_FOUND;
		}
		if (ex instanceof IpcMessageTooLargeException) {
			return HttpStatus.CONTENT_TOO_LARGE;
		}
		if (ex instanceof IpcBusyException || ex instanceof IpcWorkerCrashedException) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		if (ex instanceof IpcTimeoutException) {
			return HttpStatus.GATEWAY_TIMEOUT;
		}
		return HttpStatus.INTERNAL_SERVER_ERROR;
	}

}
