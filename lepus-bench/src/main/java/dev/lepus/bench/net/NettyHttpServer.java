package dev.lepus.bench.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The peer of Lepus's HTTP example in {@link NetBench}: a minimal Netty 4.2 HTTP/1.1 server, written as a Netty user
 * writes a hello-world benchmark server. NIO transport, one event-loop group of {@code threads} threads that both
 * accepts and serves connections (two by default, as Lepus runs two kernels on a two-core machine),
 * {@link HttpServerCodec} and one stateless handler, pooled buffers, bodies prepared once, keep-alive as the request
 * asks ({@link HttpUtil#isKeepAlive}), and a flush at the end of each read, so that the answers to a pipelined batch
 * go out in one write.
 *
 * <p>It answers with the bytes and headers of the Lepus HTTP example:
 *
 * <ul>
 *   <li>{@code GET /hello}: {@code 200}, {@code Content-Type: text/plain}, body {@code Hello, World!};</li>
 *   <li>{@code GET /json}: {@code 200}, {@code Content-Type: application/json}, body
 *       {@code {"message":"Hello, World!"}};</li>
 *   <li>anything else: {@code 404}, {@code Content-Type: text/plain}, body {@code not found\n};</li>
 *   <li>a request it cannot parse: {@code 400}, and the connection is closed.</li>
 * </ul>
 *
 * <p>Every answer has {@code Content-Length}; {@code Connection: close} when the request does not keep the connection
 * alive (and the connection is closed once it is written), {@code Connection: keep-alive} to an HTTP/1.0 request
 * that does. A query string is ignored when routing ({@code /hello?x=1} is {@code /hello}). {@code HEAD} gets the
 * head of the {@code GET} answer (the codec drops the body).
 *
 * <p>Thread contract: {@link #start} and {@link #close()} may be called from any thread, {@link #close()} more than
 * once; {@link #port()} is threadsafe. The handler runs on the event loops; it keeps no state and the prepared bodies
 * are read-only, so one instance serves every connection.
 */
public final class NettyHttpServer implements Servers.Handle {

    /** The port {@link #main} listens on without arguments. */
    public static final int DEFAULT_PORT = 8081;
    /** Event-loop threads by default: as many as Lepus's kernels on this benchmark's two-core machine. */
    public static final int DEFAULT_THREADS = 2;

    private static final long SHUTDOWN_TIMEOUT_MS = 2_000;

    private final EventLoopGroup group;
    private final Channel listener;
    private final int port;

    private NettyHttpServer(final EventLoopGroup group, final Channel listener) {
        this.group = group;
        this.listener = listener;
        this.port = ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param port the port, or 0 for any free one
     * @param threads event-loop threads (daemon threads named {@code netty-http-...})
     * @return the running server
     * @throws IOException if it cannot listen on the port
     * @throws IllegalArgumentException if {@code threads} is not positive
     */
    public static NettyHttpServer start(final int port, final int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, not " + threads);
        }
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
            new DefaultThreadFactory("netty-http", true), NioIoHandler.newFactory());
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), HelloHandler.INSTANCE);
                }
            });
        final ChannelFuture bound = bootstrap.bind(InetAddress.getLoopbackAddress(), port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            throw new IOException("netty http cannot listen on 127.0.0.1:" + port, bound.cause());
        }
        return new NettyHttpServer(group, bound.channel());
    }

    /**
     * Runs a server until the process is killed.
     *
     * @param args {@code [port (default 8081)] [threads (default 2)]}
     * @throws IOException if it cannot listen on the port
     */
    public static void main(final String[] args) throws IOException {
        final int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
        final int threads = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_THREADS;
        final NettyHttpServer server = start(port, threads);
        System.out.println("netty http listening on 127.0.0.1:" + server.port());
        server.listener.closeFuture().syncUninterruptibly();
    }

    @Override
    public int port() {
        return port;
    }

    /** Stops listening, closes the connections and waits for the event-loop threads to end. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }

    /** Answers each request as it is decoded; the request's body, if any, is released unread. */
    @ChannelHandler.Sharable
    private static final class HelloHandler extends ChannelInboundHandlerAdapter {

        static final HelloHandler INSTANCE = new HelloHandler();

        private static final ByteBuf HELLO_BODY = body("Hello, World!");
        private static final ByteBuf JSON_BODY = body("{\"message\":\"Hello, World!\"}");
        private static final ByteBuf NOT_FOUND_BODY = body("not found\n");
        private static final ByteBuf BAD_REQUEST_BODY = body("bad request\n");
        // Spelled as the Lepus example writes them, so that both answers are the same bytes.
        private static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
        private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
        private static final AsciiString CONNECTION = AsciiString.cached("Connection");

        /** A direct, read-only buffer that ignores release, duplicated for each answer. */
        private static ByteBuf body(final String text) {
            final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes).asReadOnly());
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            if (!(msg instanceof final HttpRequest request)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                if (request.decoderResult().isFailure()) {
                    final FullHttpResponse response = answer(HttpResponseStatus.BAD_REQUEST,
                        HttpHeaderValues.TEXT_PLAIN, BAD_REQUEST_BODY);
                    response.headers().set(CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                final FullHttpResponse response = route(request);
                final boolean keepAlive = HttpUtil.isKeepAlive(request);
                if (!keepAlive) {
                    response.headers().set(CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                    response.headers().set(CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
                ctx.write(response);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private static FullHttpResponse route(final HttpRequest request) {
            final boolean get = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
            final String uri = request.uri();
            final int query = uri.indexOf('?');
            final String path = query < 0 ? uri : uri.substring(0, query);
            if (get && path.equals("/hello")) {
                return answer(HttpResponseStatus.OK, HttpHeaderValues.TEXT_PLAIN, HELLO_BODY);
            }
            if (get && path.equals("/json")) {
                return answer(HttpResponseStatus.OK, HttpHeaderValues.APPLICATION_JSON, JSON_BODY);
            }
            return answer(HttpResponseStatus.NOT_FOUND, HttpHeaderValues.TEXT_PLAIN, NOT_FOUND_BODY);
        }

        private static FullHttpResponse answer(final HttpResponseStatus status, final AsciiString type,
                final ByteBuf body) {
            final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                body.duplicate());
            response.headers()
                .set(CONTENT_TYPE, type)
                .setInt(CONTENT_LENGTH, body.readableBytes());
            return response;
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            ctx.close();
        }
    }
}
