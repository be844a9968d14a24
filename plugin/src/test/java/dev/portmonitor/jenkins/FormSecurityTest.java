package dev.portmonitor.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.security.SecurityRealm;
import hudson.util.Secret;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The endpoints that connect or reveal: "Check now", "Send test message", the credential lists and
 * the status page. Each refuses GET and anyone without Overall/Administer; readers see the status
 * page only when the administrator allows it.
 */
@WithJenkins
class FormSecurityTest {

    private static final String MONITOR = "descriptorByName/dev.portmonitor.jenkins.MonitorEntry/";
    private static final String CHANNEL = "descriptorByName/dev.portmonitor.jenkins.ChannelEntry/";
    private static final String TELEGRAM = "descriptorByName/dev.portmonitor.jenkins.TelegramSettings/";

    private JenkinsRule r;

    @BeforeEach
    void security(JenkinsRule rule) {
        r = rule;
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader"));
    }

    private Page request(String user, HttpMethod method, String path) throws Exception {
        // A test that took a JenkinsRule parameter as well would boot a second Jenkins without this
        // security (the extension calls before() for every parameter it resolves), and its 403
        // checks would prove nothing: the realm and the strategy in force must be the ones set here.
        assertInstanceOf(MockAuthorizationStrategy.class, r.jenkins.getAuthorizationStrategy(),
                "the authorization strategy in force is not the test's");
        assertNotEquals(SecurityRealm.NO_AUTHENTICATION, r.jenkins.getSecurityRealm(), "no security realm in force");
        JenkinsRule.WebClient client = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        if (user != null) {
            client.login(user);
        }
        WebRequest request = new WebRequest(new URL(r.getURL(), path), method);
        if (method == HttpMethod.POST) {
            client.addCrumb(request);
        }
        return client.getPage(request);
    }

    @Test
    void shouldLetOnlyAdministratorsCheckNowAndOnlyByPost() throws Exception {
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String path = MONITOR + "checkNow?id=db&host=127.0.0.1&port=" + open.getLocalPort() + "&timeout=2s";

            Page get = request("admin", HttpMethod.GET, path);
            assertNotEquals(200, get.getWebResponse().getStatusCode(), "GET must not run a check");
            assertEquals(403, request("reader", HttpMethod.POST, path).getWebResponse().getStatusCode());

            Page admin = request("admin", HttpMethod.POST, path);
            assertEquals(200, admin.getWebResponse().getStatusCode());
            String text = admin.getWebResponse().getContentAsString();
            assertTrue(text.contains("127.0.0.1:" + open.getLocalPort() + ": open in"), text);
        }
    }

    @Test
    void shouldCheckNowWithTheFormsKindOfCheck() throws Exception {
        // a listener that accepts (in the kernel) and never speaks: a plain connect is open, a redis check is not
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String path = MONITOR + "checkNow?id=cache&host=127.0.0.1&port=" + silent.getLocalPort() + "&timeout=1s&check=redis";

            assertEquals(403, request("reader", HttpMethod.POST, path).getWebResponse().getStatusCode());
            String text = request("admin", HttpMethod.POST, path).getWebResponse().getContentAsString();

            assertTrue(text.contains("redis://127.0.0.1:" + silent.getLocalPort() + ": timeout"), text);
        }
    }

    @Test
    void shouldLetOnlyAdministratorsSendATestMessage() throws Exception {
        ChannelEntry log = new ChannelEntry("log");
        log.setLog(true);
        PortMonitorConfiguration.get().setChannels(java.util.List.of(log));
        String path = CHANNEL + "sendTest?id=log";

        assertNotEquals(200, request("admin", HttpMethod.GET, path).getWebResponse().getStatusCode());
        assertEquals(403, request("reader", HttpMethod.POST, path).getWebResponse().getStatusCode());
        String text = request("admin", HttpMethod.POST, path).getWebResponse().getContentAsString();
        assertTrue(text.contains("Test message delivered to log channel log"), text);
    }

    @Test
    void shouldListCredentialsOnlyToAdministrators() throws Exception {
        CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "tg-token", "Telegram bot", Secret.fromString("123:abc")));
        String path = TELEGRAM + "fillBotTokenCredentialsIdItems?botTokenCredentialsId=";

        String admin = request("admin", HttpMethod.POST, path).getWebResponse().getContentAsString();
        String reader = request("reader", HttpMethod.POST, path).getWebResponse().getContentAsString();

        assertTrue(admin.contains("tg-token"), admin);
        assertFalse(reader.contains("tg-token"), reader);
        assertFalse(admin.contains("123:abc"), admin);
    }

    @Test
    void shouldShowTheStatusPageToReadersOnlyWhenAllowed() throws Exception {
        assertEquals(403, request("reader", HttpMethod.GET, "port-monitors/").getWebResponse().getStatusCode());
        assertEquals(200, request("admin", HttpMethod.GET, "port-monitors/").getWebResponse().getStatusCode());
        assertEquals(200, request("admin", HttpMethod.GET, "manage/port-monitors/").getWebResponse().getStatusCode());

        // the page's data and files go through the same check
        assertEquals(403, request("reader", HttpMethod.GET, "port-monitors/status").getWebResponse().getStatusCode());
        assertEquals(403, request("reader", HttpMethod.GET, "port-monitors/history?id=x").getWebResponse().getStatusCode());
        assertEquals(403, request(null, HttpMethod.GET, "port-monitors/dashboardScript").getWebResponse().getStatusCode());

        PortMonitorConfiguration.get().setStatusVisibleToReaders(true);

        assertEquals(200, request("reader", HttpMethod.GET, "port-monitors/").getWebResponse().getStatusCode());
        assertEquals(200, request("reader", HttpMethod.GET, "port-monitors/status").getWebResponse().getStatusCode());
    }

    @Test
    void shouldServeTheSharedDashboardAndItsData() throws Exception {
        MonitorEntry db = new MonitorEntry("orders-db", "127.0.0.1", 5432);
        db.setInterval("1h");
        PortMonitorConfiguration.get().setMonitors(java.util.List.of(db));
        PortMonitorConfiguration.get().save(); // a save reaches the running engine
        Waits.await("the engine takes the monitor",
                () -> PortMonitorRuntime.get().status().stream().anyMatch(v -> v.id().equals("orders-db")));

        String page = request("admin", HttpMethod.GET, "port-monitors/").getWebResponse().getContentAsString();
        assertTrue(page.contains("id=\"pm-dashboard\"") && page.contains("port-monitors/status")
                && page.contains("port-monitors/dashboardScript"), page);
        Page script = request("admin", HttpMethod.GET, "port-monitors/dashboardScript");
        assertEquals(new String(dev.portmonitor.status.Dashboard.asset("dashboard.js"), java.nio.charset.StandardCharsets.UTF_8),
                script.getWebResponse().getContentAsString(), "the same file port-monitor run serves");
        Page status = request("admin", HttpMethod.GET, "port-monitors/status");
        assertEquals("application/json", status.getWebResponse().getContentType());
        assertTrue(status.getWebResponse().getContentAsString().contains("\"id\" : \"orders-db\""),
                status.getWebResponse().getContentAsString());
        assertEquals(400, request("admin", HttpMethod.GET, "port-monitors/history?id=orders-db&range=soon")
                .getWebResponse().getStatusCode());
        assertEquals(404, request("admin", HttpMethod.GET, "port-monitors/history?id=nothing&range=24h")
                .getWebResponse().getStatusCode());
    }
}
