package io.github.saasconnect.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

class SchemaFilesTest {

    @Test
    void theFlywayMigrationAndTheSqlScriptCreateTheSameSchema() throws IOException {
        assertThat(statements("db/saas-connect/migration/V2026_12_04_1__saas_connect_store.sql"))
                .isNotEmpty()
                .isEqualTo(statements("db/saas-connect/schema.sql"));
    }

    private static List<String> statements(String path) throws IOException {
        return new ClassPathResource(path)
                .getContentAsString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.startsWith("--"))
                .toList();
    }
}
