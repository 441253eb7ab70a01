package dev.kstack.reliability;

import dev.kstack.testenv.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Raw HTTPS requests straight to kstack's servers on loopback (not through kube-apiserver), optionally with a client
 * certificate. The servers' certificates are not checked: these tests are about what the servers accept.
 */
final class RawHttps {
    /** A status and body; status -1 when the server closed the connection without answering. */
    record Answer(int status, String body) {
    }

    static {
        // Loopback servers whose certificates name their in-cluster DNS names.
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    }

    private final HttpClient client;

    private RawHttps(HttpClient client) {
        this.client = client;
    }

    static RawHttps anonymous() {
        return new RawHttps(build(null, null));
    }

    static RawHttps withCertificate(Path crt, Path key) {
        return new RawHttps(build(crt, key));
    }

    Answer send(String method, URI uri, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        HttpRequest request = b.build();
        try {
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.body());
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                // Nothing at all was answered: the pooled connection was closed by the server after its previous
                // answer just as this request went out on it (seen once under load, after a refused body). The
                // request goes once more, on a new connection; what the server answers is then checked as before.
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.body());
            }
        } catch (IOException e) {
            return new Answer(-1, String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpClient build(Path crt, Path key) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory kmf = null;
            if (crt != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", PemFiles.privateKey(key), new char[0],
                        new Certificate[] {PemFiles.certificate(crt)});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
            }
            context.init(kmf == null ? null : kmf.getKeyManagers(), new TrustManager[] {new TrustAll()}, null);
            SSLParameters params = new SSLParameters();
            params.setEndpointIdentificationAlgorithm(null);
            return HttpClient.newBuilder().sslContext(context).sslParameters(params)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
