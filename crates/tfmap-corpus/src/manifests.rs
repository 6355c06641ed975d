//! Kubernetes YAML for one application of a GKE root, in its `k8s/` folder: a ConfigMap,
//! a Deployment, and either a Service of type LoadBalancer or, for a public application, a
//! NEG-backed Service with an Ingress on a reserved address and a managed certificate; some
//! applications add a CronJob.

use crate::names;
use crate::rng::Rng;
use std::fmt::Write;

/// What one application's manifest needs to know about its root.
pub struct App<'a> {
    pub name: &'a str,
    pub namespace: &'a str,
    pub image: String,
    pub public: bool,
    /// Name of the global address reserved in Terraform for a public application.
    pub address_name: String,
    pub host: String,
}

/// The manifest file's text and how many objects (documents) it holds.
pub fn app(rng: &mut Rng, app: &App) -> (String, u64) {
    let port = rng.pick(names::PORTS).copied().unwrap_or(8080);
    let replicas = rng.range(2, 6);
    let mut documents = vec![
        config_map(rng, app),
        deployment(app, port, replicas),
        service(app, port),
    ];
    if app.public {
        documents.push(ingress(app));
        documents.push(certificate(app));
    }
    if rng.chance(35) {
        let schedule = rng.word(names::CRON_SCHEDULES);
        documents.push(cron_job(app, schedule));
    }
    let count = documents.len() as u64;
    (documents.join("---\n"), count)
}

fn metadata(out: &mut String, app: &App, name: &str) {
    let _ = writeln!(out, "metadata:");
    let _ = writeln!(out, "  name: {name}");
    let _ = writeln!(out, "  namespace: {}", app.namespace);
    let _ = writeln!(out, "  labels:");
    let _ = writeln!(out, "    app: {}", app.name);
}

fn config_map(rng: &mut Rng, app: &App) -> String {
    let mut out = String::from("apiVersion: v1\nkind: ConfigMap\n");
    metadata(&mut out, app, &format!("{}-config", app.name));
    let _ = writeln!(out, "data:");
    let _ = writeln!(
        out,
        "  LOG_LEVEL: {}",
        if rng.chance(20) { "debug" } else { "info" }
    );
    let _ = writeln!(out, "  APP_NAME: {}", app.name);
    let _ = writeln!(out, "  TIMEOUT_SECONDS: \"{}\"", rng.range(5, 60));
    out
}

fn deployment(app: &App, port: u32, replicas: usize) -> String {
    let name = app.name;
    let mut out = String::from("apiVersion: apps/v1\nkind: Deployment\n");
    metadata(&mut out, app, name);
    let _ = write!(
        out,
        "spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: {name}
          image: {image}
          ports:
            - name: http
              containerPort: {port}
          envFrom:
            - configMapRef:
                name: {name}-config
          resources:
            requests:
              cpu: 250m
              memory: 512Mi
            limits:
              memory: 512Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 10
",
        image = app.image
    );
    out
}

fn service(app: &App, port: u32) -> String {
    let mut out = String::from("apiVersion: v1\nkind: Service\n");
    metadata(&mut out, app, app.name);
    let kind = if app.public {
        let _ = writeln!(out, "  annotations:");
        let _ = writeln!(out, "    cloud.google.com/neg: '{{\"ingress\": true}}'");
        "ClusterIP"
    } else {
        "LoadBalancer"
    };
    let _ = write!(
        out,
        "spec:
  type: {kind}
  selector:
    app: {name}
  ports:
    - name: http
      port: 80
      targetPort: {port}
      protocol: TCP
",
        name = app.name
    );
    out
}

fn ingress(app: &App) -> String {
    let mut out = String::from("apiVersion: networking.k8s.io/v1\nkind: Ingress\n");
    metadata(&mut out, app, app.name);
    let _ = write!(
        out,
        "  annotations:
    kubernetes.io/ingress.global-static-ip-name: {address}
    networking.gke.io/managed-certificates: {name}-cert
spec:
  rules:
    - host: {host}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {name}
                port:
                  number: 80
",
        address = app.address_name,
        name = app.name,
        host = app.host
    );
    out
}

fn certificate(app: &App) -> String {
    let mut out = String::from("apiVersion: networking.gke.io/v1\nkind: ManagedCertificate\n");
    metadata(&mut out, app, &format!("{}-cert", app.name));
    let _ = write!(out, "spec:\n  domains:\n    - {}\n", app.host);
    out
}

fn cron_job(app: &App, schedule: &str) -> String {
    let name = app.name;
    let mut out = String::from("apiVersion: batch/v1\nkind: CronJob\n");
    metadata(&mut out, app, &format!("{name}-maintenance"));
    let _ = write!(
        out,
        "spec:
  schedule: \"{schedule}\"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: maintenance
              image: {image}
              args: [\"maintenance\", \"--app\", \"{name}\"]
              envFrom:
                - configMapRef:
                    name: {name}-config
",
        image = app.image
    );
    out
}
