package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.server.auth.AccessSettings;
import dev.crystal.server.ops.AlertSettings;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /openapi.yaml} is a description a client can be generated from: valid OpenAPI (swagger-parser's
 * validator), an operationId on every operation, every body described with a schema and an example, the status codes
 * the gates really answer with, and exactly the routes the server registers.
 */
class OpenApiSpecTest {
    @TempDir
    static Path dataDir;
    private static CrystalServer server;
    private static String text;
    private static OpenAPI spec;

    @BeforeAll
    static void fetch() {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir), AlertSettings.defaults(),
                AccessSettings.defaults());
        var response = new ApiClient(server).getText("/openapi.yaml");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/yaml"));
        text = response.body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(result.getMessages()).as("validator messages").isEmpty();
        spec = result.getOpenAPI();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private record Op(String route, Operation operation) {
    }

    private static List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : spec.getPaths().entrySet()) {
            path.getValue().readOperationsMap().forEach((method, op) -> ops.add(new Op(method + " " + path.getKey(), op)));
        }
        return ops;
    }

    @Test
    void theDocumentIsValidOpenApi3() {
        assertThat(spec.getOpenapi()).startsWith("3.");
        assertThat(spec.getComponents().getSecuritySchemes()).containsKeys("bearer", "apiKey");
    }

    @Test
    void everyRouteTheServerRegistersIsDescribedAndEveryDescribedRouteExists() {
        Set<String> routes = new TreeSet<>(server.routes());
        Set<String> described = new TreeSet<>(operations().stream().map(Op::route).toList());
        assertThat(described).as("in the spec but not served").isSubsetOf(routes);
        assertThat(routes).as("served but not in the spec").isSubsetOf(described);
    }

    @Test
    void everyOperationHasAUniqueOperationIdASummaryAndATag() {
        Set<String> ids = new HashSet<>();
        assertThat(operations()).allSatisfy(op -> {
            assertThat(op.operation().getOperationId()).as(op.route()).isNotBlank().matches("[a-z][A-Za-z0-9]*");
            assertThat(ids.add(op.operation().getOperationId())).as("unique: " + op.route()).isTrue();
            assertThat(op.operation().getSummary()).as(op.route()).isNotBlank();
            assertThat(op.operation().getTags()).as(op.route()).isNotEmpty();
        });
    }

    @Test
    void everyRequestBodyHasASchemaAndAnExample() {
        assertThat(operations()).filteredOn(op -> op.operation().getRequestBody() != null).isNotEmpty()
                .allSatisfy(op -> assertThat(op.operation().getRequestBody().getContent()).as(op.route())
                        .isNotEmpty().allSatisfy((type, media) -> {
                            assertThat(media.getSchema()).as(op.route()).isNotNull();
                            assertThat(media.getExample() != null || media.getExamples() != null)
                                    .as("example of " + op.route()).isTrue();
                        }));
    }

    @Test
    void everySuccessfulJsonAnswerIsDescribedWithPropertiesAndAnExample() {
        List<String> undescribed = new ArrayList<>();
        for (Op op : operations()) {
            for (Map.Entry<String, ApiResponse> r : op.operation().getResponses().entrySet()) {
                if (!r.getKey().startsWith("2") || r.getValue().getContent() == null) {
                    continue;
                }
                MediaType json = r.getValue().getContent().get("application/json");
                if (json == null) {
                    continue;
                }
                var schema = json.getSchema();
                if (schema != null && schema.get$ref() != null) {
                    schema = spec.getComponents().getSchemas().get(schema.get$ref().replace("#/components/schemas/", ""));
                }
                boolean described = schema != null && (schema.getProperties() != null || schema.getItems() != null
                        || schema.getAllOf() != null || schema.getOneOf() != null
                        || schema.getAdditionalProperties() != null);
                boolean example = json.getExample() != null || json.getExamples() != null || (schema != null
                        && schema.getExample() != null);
                if (!described || !example) {
                    undescribed.add(op.route() + " " + r.getKey() + (described ? " (no example)" : " (no schema)"));
                }
            }
        }
        assertThat(undescribed).isEmpty();
    }

    @Test
    void theGatesAnswersAreDocumentedOnEveryOperationThatCanMeetThem() {
        assertThat(operations()).allSatisfy(op -> {
            Set<String> codes = op.operation().getResponses().keySet();
            assertThat(codes).as(op.route()).contains("429");
            if (op.operation().getSecurity() == null || !op.operation().getSecurity().isEmpty()) {
                assertThat(codes).as(op.route() + " needs a key").contains("401", "403");
            }
            if (op.operation().getRequestBody() != null) {
                assertThat(codes).as(op.route() + " reads a body").contains("400", "413", "415");
            }
        });
        // the pending answer of a settlement that has not finished within the wait
        assertThat(spec.getPaths().get("/collections/process-settlement").getPost().getResponses()).containsKey("202");
    }
}
