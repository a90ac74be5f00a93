package dev.kes.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers as problem+json. Jetty refuses some requests before Javalin sees them: unparseable
 * ones (a bad percent-encoding, {@code %00}, a control character in a header, a URI or headers over the buffer) get
 * {@link #badMessageError}; requests it parses but will not dispatch (a request target of {@code *}) get
 * {@link #generateAcceptableResponse}. Both would otherwise be HTML pages.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private static final byte[] FALLBACK = "{\"title\":\"Error\",\"status\":400}".getBytes(StandardCharsets.UTF_8);
    private final ObjectMapper mapper;

    ProblemErrorHandler(final ObjectMapper mapper) {
        this.mapper = mapper;
        // no servlet names or stack traces in any answer
        setShowServlet(false);
        setShowStacks(false);
    }

    @Override
    public ByteBuffer badMessageError(final int status, final String reason, final HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        return ByteBuffer.wrap(json(
                Problem.forStatus(status, "the request is not valid HTTP" + (reason == null ? "" : ": " + reason)),
                null));
    }

    /** Every method gets a body, not only GET, POST and HEAD as in Jetty's default. */
    @Override
    public boolean errorPageForMethod(final String method) {
        return true;
    }

    @Override
    protected void generateAcceptableResponse(
            final Request baseRequest,
            final HttpServletRequest request,
            final HttpServletResponse response,
            final int code,
            final String message)
            throws IOException {
        final byte[] body = json(Problem.forStatus(code, message), request.getRequestURI());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private byte[] json(final Problem problem, final String instance) {
        try {
            return mapper.writeValueAsBytes(problem.body(instance));
        } catch (JsonProcessingException e) {
            return FALLBACK;
        }
    }
}
