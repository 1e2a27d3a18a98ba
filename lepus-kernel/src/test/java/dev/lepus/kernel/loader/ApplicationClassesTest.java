package dev.lepus.kernel.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.api.ApiGroup;
import dev.lepus.kernel.KernelLevel;
import dev.lepus.kernel.loader.corpus.legit.AbstractComponent;
import dev.lepus.kernel.loader.corpus.legit.Greeter;
import dev.lepus.kernel.loader.corpus.legit.InheritedProtocol;
import dev.lepus.kernel.loader.corpus.legit.TimerUser;
import dev.lepus.kernel.loader.corpus.shared.SocketHelper;
import dev.lepus.kernel.loader.corpus.shared.WithNet;
import dev.lepus.kernel.loader.corpus.shared.WithoutNet;

/** What the loader learns from class files alone: manifests, reach, and the groups each class is verified against. */
class ApplicationClassesTest {

    @Test
    void shouldReadManifestsFromClassFiles(@TempDir final Path dir) throws Exception {
        final ApplicationClasses app = ApplicationClasses.read(Corpus.copy(dir, Greeter.class, TimerUser.class,
            InheritedProtocol.class, AbstractComponent.class));
        assertEquals(Optional.of("greeter"), app.manifestName(Greeter.class.getName()));
        assertEquals(EnumSet.of(ApiGroup.CORE, ApiGroup.TIMERS), app.declaredGroups(TimerUser.class.getName()));
        assertEquals(Set.of(ApiGroup.CORE), app.declaredGroups(Greeter.class.getName()));
        assertEquals(Set.of(), app.declaredGroups(Greeter.class.getName() + "$Greet"), "not a component");
        assertTrue(app.componentClasses().contains(InheritedProtocol.class.getName()), "a component through its"
            + " generic superclass");
        assertFalse(app.componentClasses().contains(AbstractComponent.class.getName()), "abstract");
    }

    @Test
    void shouldReachNestedAndHelperClasses(@TempDir final Path dir) throws Exception {
        final ApplicationClasses app = ApplicationClasses.read(Corpus.copy(dir, WithNet.class, SocketHelper.class));
        assertEquals(Set.of(WithNet.class.getName(), SocketHelper.class.getName()),
            app.reach(WithNet.class.getName()));
        assertEquals(Set.of(Greeter.class.getName(), Greeter.class.getName() + "$Greet"),
            ApplicationClasses.reachableFrom(getClass().getClassLoader(), Greeter.class.getName()).classNames());
        assertThrows(ClassNotFoundException.class,
            () -> ApplicationClasses.reachableFrom(getClass().getClassLoader(), "com.example.Missing"));
    }

    @Test
    void shouldVerifyASharedHelperAgainstTheGroupsEveryComponentReachingItDeclares(@TempDir final Path dir)
            throws Exception {
        final Path alone = Corpus.copy(dir.resolve("alone"), WithNet.class, SocketHelper.class);
        final ApplicationClasses one = ApplicationClasses.read(alone);
        assertEquals(EnumSet.of(ApiGroup.CORE, ApiGroup.NET), one.verificationGroups(SocketHelper.class.getName()));
        ComponentLoader.open(alone, KernelLevel.L1).load(WithNet.class.getName());

        final Path both = Corpus.copy(dir.resolve("both"), WithNet.class, WithoutNet.class, SocketHelper.class);
        final ApplicationClasses two = ApplicationClasses.read(both);
        assertEquals(Set.of(ApiGroup.CORE), two.verificationGroups(SocketHelper.class.getName()),
            "WithoutNet reaches the helper too, and does not declare NET");
        final VerificationException ex = assertThrows(VerificationException.class,
            () -> ComponentLoader.open(both, KernelLevel.L1).load(WithNet.class.getName()));
        assertEquals(SocketHelper.class.getName(), ex.violations().getFirst().className());
        assertEquals(Rule.NET, ex.violations().getFirst().rule());
    }

    @Test
    void shouldVerifyAClassNoComponentReachesAgainstTheUnion(@TempDir final Path dir) throws Exception {
        final ApplicationClasses app = ApplicationClasses.read(Corpus.copy(dir, SocketHelper.class, TimerUser.class,
            WithNet.class));
        assertEquals(EnumSet.of(ApiGroup.CORE, ApiGroup.NET), app.verificationGroups(SocketHelper.class.getName()));
        assertEquals(EnumSet.of(ApiGroup.CORE, ApiGroup.TIMERS),
            app.verificationGroups(TimerUser.class.getName() + "$Tick"));
    }
}
