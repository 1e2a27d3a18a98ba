package dev.lepus.kernel.checkpoint;

import java.util.function.IntUnaryOperator;

/**
 * Code shapes for {@link InstrumenterTest}: each public static method is run both as compiled and as instrumented
 * (defined again from instrumented bytes in a throwaway class loader), and the results must agree. Deliberately plain
 * Java: the shapes are what javac emits for loops, switches, lambdas, try/catch and wide locals.
 *
 * <p>Thread contract: stateless; threadsafe.
 */
public final class InstrumenterCorpus {

    /** Squares, computed in a static initializer with a loop: {@code <clinit>} gets no check points. */
    private static final int[] SQUARES = new int[16];

    static {
        for (int i = 0; i < SQUARES.length; i++) {
            SQUARES[i] = i * i;
        }
    }

    private InstrumenterCorpus() {
    }

    /**
     * A square from the table built by the static initializer.
     *
     * @param i an index below 16
     * @return i squared
     */
    public static int square(final int i) {
        return SQUARES[i];
    }

    /**
     * A hot counted loop: one back-edge.
     *
     * @param values the values
     * @return their sum
     */
    public static long sumArray(final int[] values) {
        long sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
        }
        return sum;
    }

    /**
     * Nested loops.
     *
     * @param n the size
     * @return a checksum
     */
    public static long nested(final int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                sum += (long) i * j;
            }
        }
        return sum;
    }

    /**
     * A while loop with a continue: two back-edges.
     *
     * @param n the bound
     * @return the sum of the numbers below n that are not multiples of 3
     */
    public static int whileContinue(final int n) {
        int i = 0;
        int sum = 0;
        while (i < n) {
            i++;
            if (i % 3 == 0) {
                continue;
            }
            sum += i;
        }
        return sum;
    }

    /**
     * A do-while loop: a conditional back-edge.
     *
     * @param n the bound
     * @return a checksum
     */
    public static int doWhile(final int n) {
        int i = 0;
        int x = 1;
        do {
            x = x * 31 + i;
            i++;
        } while (i < n);
        return x;
    }

    /**
     * A table switch and a string switch inside a loop.
     *
     * @param n the number of iterations
     * @return a checksum
     */
    public static int switchInLoop(final int n) {
        final String[] words = {"alpha", "beta", "gamma", "delta"};
        int acc = 0;
        for (int i = 0; i < n; i++) {
            switch (i % 5) {
                case 0 -> acc += 1;
                case 1 -> acc += 10;
                case 2 -> acc -= 3;
                case 3 -> acc ^= i;
                default -> acc += switch (words[i % words.length]) {
                    case "alpha" -> 7;
                    case "beta" -> 11;
                    case "gamma" -> 13;
                    default -> 17;
                };
            }
        }
        return acc;
    }

    /**
     * Recursion: a check point at every entry.
     *
     * @param n the index
     * @return the n-th Fibonacci number
     */
    public static long fib(final int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /**
     * A lambda whose body loops: the body is a synthetic method of this class, instrumented like any other.
     *
     * @param n the bound
     * @return the triangular number below n
     */
    public static int lambdaLoop(final int n) {
        final IntUnaryOperator triangle = x -> {
            int s = 0;
            for (int i = 0; i < x; i++) {
                s += i;
            }
            return s;
        };
        return triangle.applyAsInt(n);
    }

    /**
     * A try/catch inside a loop: the check point sits inside the protected range.
     *
     * @param n the number of iterations
     * @return a checksum
     */
    public static int tryCatchLoop(final int n) {
        int acc = 0;
        for (int i = 0; i < n; i++) {
            try {
                if (i % 5 == 0) {
                    throw new IllegalStateException("five");
                }
                acc += i;
            } catch (final IllegalStateException e) {
                acc -= e.getMessage().length();
            } finally {
                acc++;
            }
        }
        return acc;
    }

    /**
     * Long and double locals, and reference types merged at loop heads: stack map stress.
     *
     * @param n the number of iterations
     * @return a checksum
     */
    public static double wideLocals(final int n) {
        long bits = 0x9E3779B97F4A7C15L;
        double d = 0.5;
        Shape shape = new Circle(1);
        CharSequence text = "x";
        int i = 0;
        while (i < n) {
            bits ^= bits << 13;
            bits ^= bits >>> 7;
            d += (bits & 0xFF) / 256.0;
            shape = (i & 1) == 0 ? new Square(i) : new Circle(i);
            text = (i & 2) == 0 ? new StringBuilder("ab") : "abc";
            d += shape.area() + text.length();
            i++;
        }
        return d + bits;
    }

    /**
     * A loop that already polls right before its back-edge: the instrumenter adds only the entry check point.
     *
     * @param n the number of iterations
     * @return n
     */
    public static int explicitPolls(final int n) {
        int left = n;
        int count = 0;
        while (left-- > 0) {
            count++;
            CheckPoint.poll();
        }
        return count;
    }

    /**
     * Never returns on its own: {@code goto} to itself. Only a check point handler that throws ends it.
     */
    public static void spin() {
        while (true) {
            // empty: the tightest loop there is
        }
    }

    /** A shape, for merges of sibling classes at join points. */
    public abstract static class Shape {
        /**
         * The area.
         *
         * @return the area
         */
        public abstract double area();
    }

    /** A circle. */
    public static final class Circle extends Shape {
        private final double r;

        /**
         * A circle.
         *
         * @param r the radius
         */
        public Circle(final double r) {
            this.r = r;
        }

        @Override
        public double area() {
            return Math.PI * r * r;
        }
    }

    /** A square. */
    public static final class Square extends Shape {
        private final double side;

        /**
         * A square.
         *
         * @param side the side
         */
        public Square(final double side) {
            this.side = side;
        }

        @Override
        public double area() {
            return side * side;
        }
    }
}
