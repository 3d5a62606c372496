{{/* Chart name, truncated to the 63 characters a DNS label allows. */}}
{{- define "airtrace.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: <release>-<chart> unless the release name already contains the chart name. */}}
{{- define "airtrace.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "airtrace.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "airtrace.labels" -}}
helm.sh/chart: {{ include "airtrace.chart" . }}
app.kubernetes.io/name: {{ include "airtrace.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: airtrace
{{- end }}

{{/* Selector labels of one component; call with (dict "root" $ "component" "processor"). */}}
{{- define "airtrace.selectorLabels" -}}
app.kubernetes.io/name: {{ include "airtrace.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "airtrace.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "airtrace.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "airtrace.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The Kafka port the probes look for: probes.kafkaPort, else the port of the first bootstrap
server. Rendered as the 4-digit upper-case hex that /proc/net/tcp uses.
*/}}
{{- define "airtrace.kafkaPortHex" -}}
{{- $port := int .Values.probes.kafkaPort }}
{{- if eq $port 0 }}
{{- $first := first (splitList "," (required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers)) }}
{{- $port = int (regexFind "[0-9]+$" $first) }}
{{- end }}
{{- printf "%04X" $port }}
{{- end }}

{{/* One probe: the exec check plus the timing from values; call with (dict "root" $ "timing" .Values.x.readinessProbe). */}}
{{- define "airtrace.probe" -}}
exec:
  command:
    - sh
    - -c
    - grep -qs ':{{ include "airtrace.kafkaPortHex" .root }} 01 ' /proc/net/tcp /proc/net/tcp6
{{- with .timing }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Name of the Secret with secretEnv, when there is one. */}}
{{- define "airtrace.secretName" -}}
{{- printf "%s-env" (include "airtrace.fullname" .) }}
{{- end }}

{{/* envFrom shared by all components: the component's ConfigMap and the Secrets. */}}
{{- define "airtrace.envFrom" -}}
- configMapRef:
    name: {{ include "airtrace.fullname" .root }}-{{ .component }}
{{- if .root.Values.secretEnv }}
- secretRef:
    name: {{ include "airtrace.secretName" .root }}
{{- end }}
{{- with .root.Values.existingSecret }}
- secretRef:
    name: {{ . }}
{{- end }}
{{- end }}

{{/*
Checksum of everything a component reads from ConfigMaps/Secrets, as a pod annotation, so that
`helm upgrade` with new values rolls the pods.
*/}}
{{- define "airtrace.configChecksum" -}}
{{- $cfg := include (print .Template.BasePath "/configmap.yaml") . }}
{{- $sec := include (print .Template.BasePath "/secret.yaml") . }}
{{- printf "%s\n%s" $cfg $sec | sha256sum }}
{{- end }}

{{/* Mount of the Kafka client settings Secret (kafka.security), if any; call with the root. */}}
{{- define "airtrace.kafkaSecurityMount" -}}
{{- if .Values.kafka.security.existingSecret }}
- name: kafka-security
  mountPath: /etc/airtrace/kafka
  readOnly: true
{{- end }}
{{- end }}

{{/* Volume of the Kafka client settings Secret (kafka.security), if any; call with the root. */}}
{{- define "airtrace.kafkaSecurityVolume" -}}
{{- with .Values.kafka.security.existingSecret }}
- name: kafka-security
  secret:
    secretName: {{ . }}
    defaultMode: 0440
{{- end }}
{{- end }}
