using CoachBot.Backup;
using CoachBot.CheckIns;
using CoachBot.Dashboard;
using CoachBot.Coaching;
using CoachBot.Digests;
using CoachBot.Operations;
using CoachBot.Reach;
using CoachBot.Roster;
using CoachBot.Scheduling;
using CoachBot.Storage;
using CoachBot.SupportRequests;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;

var builder = WebApplication.CreateBuilder(args);

builder.AddStructuredLogging();
builder.Services.AddRoster();
builder.Services.AddStorage();
builder.Services.AddBotFramework();
builder.Services.AddScheduling();
builder.Services.AddDelivery();
builder.Services.AddCheckIns();
builder.Services.AddCoaching();
builder.Services.AddSupportRequests();
builder.Services.AddDigests();
builder.Services.AddReach();
builder.Services.AddBackup();
builder.Services.AddDashboard();

var app = builder.Build();

app.UseClientAddress();
app.MapBotFramework();
app.MapOperations();
app.MapRoster();
app.MapDigests();
app.MapDashboard();

app.Run();
