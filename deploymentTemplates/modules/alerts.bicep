@description('Base name of the action group and the alert rules.')
param name string

@description('Azure region of the log alert rules (metric alerts and the action group are global).')
param location string

param tags object

@description('E-mail address the alerts go to.')
param alertEmail string

@description('Resource id of the web app.')
param siteId string

@description('Resource id of Application Insights, where the service\'s own meters (CoachBot.*) arrive.')
param appInsightsId string

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${name}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'coachbot'
    enabled: true
    emailReceivers: [
      {
        name: 'administrator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actions = [
  {
    actionGroupId: actionGroup.id
  }
]

resource healthCheckFailing 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${name}-health-check'
  location: 'global'
  tags: tags
  properties: {
    description: 'The web app\'s health check (/healthz: the service and its Table Storage) has been failing for 5 minutes.'
    severity: 1
    enabled: true
    scopes: [
      siteId
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'healthy-instances-below-100-percent'
          metricNamespace: 'Microsoft.Web/sites'
          metricName: 'HealthCheckStatus'
          operator: 'LessThan'
          threshold: 100
          timeAggregation: 'Average'
        }
      ]
    }
    actions: actions
  }
}

resource serverErrors 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${name}-http-5xx'
  location: 'global'
  tags: tags
  properties: {
    description: 'The web app answered 5xx (server errors) 5 times or more in 15 minutes.'
    severity: 2
    enabled: true
    scopes: [
      siteId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'http-5xx'
          metricNamespace: 'Microsoft.Web/sites'
          metricName: 'Http5xx'
          operator: 'GreaterThanOrEqual'
          threshold: 5
          timeAggregation: 'Total'
        }
      ]
    }
    actions: actions
  }
}

// The service's own counters, exported by OpenTelemetry to Application Insights (table customMetrics, tags in
// customDimensions): coachbot.jobs.runs {job, outcome}, coachbot.jobs.overdue {job}, coachbot.jobs.missed {job},
// coachbot.delivery.recipients {campaign, outcome}.
resource jobNotRunOrFailed 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'alert-${name}-job-not-run-or-failed'
  location: location
  tags: tags
  properties: {
    displayName: 'CoachBot: a scheduled job failed or did not run'
    description: 'A scheduled job (weekly check-in, reminder, coaching, digest, daily backup) ended with an error, or its last scheduled run is over an hour late (coachbot.jobs.overdue, counted by the service every 15 minutes), or a run due while the service was down could no longer be made up when it came back (coachbot.jobs.missed: a check-in past its cut-off).'
    severity: 2
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "coachbot.jobs.overdue" or name == "coachbot.jobs.missed" or (name == "coachbot.jobs.runs" and tostring(customDimensions["outcome"]) == "failed") | extend job = tostring(customDimensions["job"]) | summarize events = sum(valueSum) by job'
          timeAggregation: 'Total'
          metricMeasureColumn: 'events'
          dimensions: [
            {
              name: 'job'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource sendsFailed 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'alert-${name}-sends-failed'
  location: location
  tags: tags
  properties: {
    displayName: 'CoachBot: proactive sends failed'
    description: 'Check-ins, reminders, coaching prompts or digests could not be delivered to someone after every retry (coachbot.delivery.recipients, outcome failed).'
    severity: 2
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "coachbot.delivery.recipients" and tostring(customDimensions["outcome"]) == "failed" | extend campaign = tostring(customDimensions["campaign"]) | summarize failed = sum(valueSum) by campaign'
          timeAggregation: 'Total'
          metricMeasureColumn: 'failed'
          dimensions: [
            {
              name: 'campaign'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

output actionGroupId string = actionGroup.id
