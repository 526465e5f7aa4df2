package io.github.saasconnect.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What an application that imports saas-connect-bom gets: every jar this build publishes, the libraries we pin, and
 * nothing else (no parent, so neither Spring Boot's BOM nor our Netty override reaches the application). A new
 * published module that is not added to the BOM fails here.
 */
class BomTest {

    private static final Path ROOT = ThrowawayMavenProject.ROOT_POM.getParent();

    @Test
    void theBomManagesEveryPublishedJarOfTheBuild() throws Exception {
        List<String> published = new ArrayList<>();
        for (String module : modules()) {
            Document pom = read(ROOT.resolve(module).resolve("pom.xml"));
            boolean jar =
                    text(pom.getDocumentElement(), "packaging").orElse("jar").equals("jar");
            boolean skipped = "true".equals(property(pom, "maven.deploy.skip"));
            if (jar && !skipped) {
                published.add(text(pom.getDocumentElement(), "artifactId").orElseThrow());
            }
        }

        assertThat(published).contains("saas-connect-core", "saas-connect-spring-boot-starter");
        assertThat(managedArtifacts()).containsAll(published);
    }

    @Test
    void theBomPinsWhatSpringBootDoesNotManageAndImportsNothingOfOurBuild() throws Exception {
        Document bom = read(ROOT.resolve("bom/pom.xml"));

        assertThat(bom.getDocumentElement().getElementsByTagName("parent").getLength())
                .as("saas-connect-bom has no parent: importing it brings only what it declares")
                .isZero();
        assertThat(managedArtifacts()).contains("spring-vault-core", "resilience4j-bom");
        assertThat(managedArtifacts()).doesNotContain("spring-boot-dependencies", "netty-bom");
    }

    private static List<String> managedArtifacts() throws Exception {
        Element management = (Element) read(ROOT.resolve("bom/pom.xml"))
                .getElementsByTagName("dependencyManagement")
                .item(0);
        NodeList dependencies = management.getElementsByTagName("dependency");
        List<String> artifacts = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            artifacts.add(text((Element) dependencies.item(i), "artifactId").orElseThrow());
        }
        return artifacts;
    }

    private static List<String> modules() throws Exception {
        NodeList modules = read(ROOT.resolve("pom.xml")).getElementsByTagName("module");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++) {
            names.add(modules.item(i).getTextContent().trim());
        }
        return names.stream().filter(m -> Files.exists(ROOT.resolve(m))).toList();
    }

    private static String property(Document pom, String name) {
        NodeList found = pom.getElementsByTagName(name);
        return found.getLength() == 0 ? null : found.item(0).getTextContent().trim();
    }

    /** The text of {@code parent}'s direct child {@code name}. */
    private static Optional<String> text(Element parent, String name) {
        return Stream.iterate(parent.getFirstChild(), n -> n != null, Node::getNextSibling)
                .filter(n ->
                        n.getNodeType() == Node.ELEMENT_NODE && n.getNodeName().equals(name))
                .map(n -> n.getTextContent().trim())
                .findFirst();
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }
}
