package dev.lepus.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.lepus.bench.net.NetBench;
import dev.lepus.bench.suite.BenchSuite;

/**
 * {@code lepus bench [--quick] [NAME...]}: the side-by-side benchmark suite. Each comparison prints one line,
 * {@code NAME lepus=X peer=Y unit=U ratio=R}, with R above 1 when Lepus is better; both sides run in the same
 * process, one after the other.
 *
 * <p>{@code lepus bench net [OPTION...] [NAME...]}: the network benchmarks (the kv example against Redis with
 * redis-benchmark, the HTTP example against Netty with wrk), run by {@link NetBench}; its options follow {@code net}
 * ({@code --quick}, {@code --pairs N}, {@code --list}, ...).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run the side-by-side benchmarks (Lepus against Pekko and raw JCTools queues; 'bench net': the kv"
        + " and HTTP examples against Redis and Netty).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "a short run, under a minute")
    private boolean quick;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "only these comparisons; 'net' and its options"
        + " for the network benchmarks")
    private List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        final List<String> args = new ArrayList<>();
        if (quick) {
            args.add("--quick");
        }
        if (!names.isEmpty() && names.getFirst().equals("net")) {
            args.addAll(names.subList(1, names.size()));
            return NetBench.run(args.toArray(new String[0]), System.out,
                new ExampleServers(ExampleServers.findExamples()));
        }
        args.addAll(names);
        return BenchSuite.run(args.toArray(new String[0]), System.out);
    }
}
