package dev.lepus.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.lepus.bench.suite.BenchSuite;

/**
 * {@code lepus bench [--quick] [NAME...]}: the side-by-side benchmark suite. Each comparison prints one line,
 * {@code NAME lepus=X peer=Y unit=U ratio=R}, with R above 1 when Lepus is better; both sides run in the same
 * process, one after the other.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run the side-by-side benchmarks (Lepus against Pekko and raw JCTools queues).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "a short run, under a minute")
    private boolean quick;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "only these comparisons")
    private List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        final List<String> args = new ArrayList<>();
        if (quick) {
            args.add("--quick");
        }
        args.addAll(names);
        return BenchSuite.run(args.toArray(new String[0]), System.out);
    }
}
