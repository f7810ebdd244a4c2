package dev.crystal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Architecture rule: the public API never hands out or asks for an internal type. */
class ApiSurfaceTest {

    @Test
    void publicApiDoesNotExposeInternalTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Codec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("dev/crystal/wire"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = "dev.crystal.wire." + file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(name);
                if (!Modifier.isPublic(type.getModifiers())) {
                    continue;
                }
                List<Executable> members = new ArrayList<>(List.of(type.getConstructors()));
                members.addAll(List.of(type.getMethods()));
                for (Executable member : members) {
                    List<Class<?>> used = new ArrayList<>(List.of(member.getParameterTypes()));
                    if (member instanceof Method method) {
                        used.add(method.getReturnType());
                    }
                    used.stream().filter(ApiSurfaceTest::internal)
                            .forEach(leak -> leaks.add(name + "." + member.getName() + " uses " + leak.getName()));
                }
                if (type.isRecord()) {
                    for (RecordComponent component : type.getRecordComponents()) {
                        if (internal(component.getType())) {
                            leaks.add(name + "." + component.getName() + " is " + component.getType().getName());
                        }
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static boolean internal(Class<?> type) {
        Class<?> element = type.isArray() ? type.getComponentType() : type;
        return element.getPackageName().equals("dev.crystal.wire.internal");
    }
}
