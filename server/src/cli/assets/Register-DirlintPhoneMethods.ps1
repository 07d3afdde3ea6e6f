#Requires -Version 5.1
#Requires -Modules @{ ModuleName = 'Microsoft.Graph.Authentication'; ModuleVersion = '2.0.0' }, @{ ModuleName = 'Microsoft.Graph.Identity.SignIns'; ModuleVersion = '2.0.0' }
<#
.SYNOPSIS
    Registers the phone numbers of a dirlint registrations.csv as the users' authentication phone methods.

.DESCRIPTION
    Reads the registrations CSV that `dirlint register` writes: one row per user and phone type, with
    the columns userPrincipalName, phoneType, phoneNumber, sourceFile and sourceLine. For each user it
    first reads the phone methods Entra already has (Get-MgUserAuthenticationPhoneMethod), then adds
    each phone type the user does not have yet (New-MgUserAuthenticationPhoneMethod). It never updates
    or deletes a method: a user who already has a phone of a type keeps it, and the row is skipped.
    A mobile phone is added before an alternateMobile one, as Microsoft Graph requires.

    Every row gets a line in the log CSV: added, would-add (with -WhatIf), skipped and why, or failed
    and the error. Throttled calls (HTTP 429, 503 or 504) are retried after the Retry-After the service
    sends. A failure to sign in, or a 401 or 403 answer before any call has succeeded, stops the script
    at once instead of failing every row.

    This script is the same for every export: it holds no user, number or file name; it reads them
    from the CSV you reviewed.

.PARAMETER Path
    The registrations CSV. Default: registrations.csv beside this script.

.PARAMETER LogPath
    The log CSV to write. Default: registrations-log-<date>-<time>.csv beside the registrations CSV.

.PARAMETER MaxRetries
    How many times a throttled call is retried before its row fails. Default: 5.

.PARAMETER SkipConnect
    Use the current Microsoft Graph session (from Connect-MgGraph with the scope
    UserAuthenticationMethod.ReadWrite.All) instead of connecting.

.EXAMPLE
    .\Register-DirlintPhoneMethods.ps1 -WhatIf
    Reads each user's phone methods and logs what would be added, adding nothing.

.EXAMPLE
    .\Register-DirlintPhoneMethods.ps1 -Path .\registrations.csv -LogPath .\registrations-log.csv

.NOTES
    Needs the Microsoft.Graph.Authentication and Microsoft.Graph.Identity.SignIns modules, version 2
    or later (Install-Module Microsoft.Graph -Scope CurrentUser), and an account with the Authentication
    Administrator role (Privileged Authentication Administrator for users who hold admin roles).
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string] $Path,
    [string] $LogPath,
    [ValidateRange(0, 20)]
    [int] $MaxRetries = 5,
    [switch] $SkipConnect
)

$ErrorActionPreference = 'Stop'

$requiredColumns = @('userPrincipalName', 'phoneType', 'phoneNumber', 'sourceFile', 'sourceLine')
# Graph's authenticationPhoneType values, in the order a user's rows are added: mobile before alternateMobile.
$phoneTypes = @('mobile', 'office', 'alternateMobile')
# The form Graph accepts for a phone method, without an extension: +CountryCode Number.
$phoneNumberPattern = '^\+[1-9][0-9]{0,2} [0-9]{4,17}$'

function Get-DirlintProperty {
    # A property of an object, or $null where the object has none (exception types differ between module versions).
    param($Object, [string] $Name)
    if ($null -eq $Object) { return $null }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

function ConvertTo-DirlintStatus {
    # An HTTP status code (100 to 599) from an HttpStatusCode, a number or a numeric string; $null otherwise.
    param($Value)
    if ($null -eq $Value) { return $null }
    try { $code = [int]$Value } catch { return $null }
    if ($code -ge 100 -and $code -le 599) { return $code }
    return $null
}

function Get-DirlintHttpStatus {
    # The HTTP status of a failed Graph call, or $null when the error carries none.
    param([System.Management.Automation.ErrorRecord] $ErrorRecord)
    $exception = $ErrorRecord.Exception
    while ($null -ne $exception) {
        foreach ($value in @((Get-DirlintProperty $exception 'ResponseStatusCode'), (Get-DirlintProperty $exception 'StatusCode'), (Get-DirlintProperty (Get-DirlintProperty $exception 'Response') 'StatusCode'))) {
            $code = ConvertTo-DirlintStatus $value
            if ($null -ne $code) { return $code }
        }
        $exception = $exception.InnerException
    }
    # Microsoft Graph PowerShell writes the status into the error's message: "... Status: 403 (Forbidden) ...".
    $text = "$(Get-DirlintProperty $ErrorRecord.ErrorDetails 'Message')`n$($ErrorRecord.Exception.Message)"
    if ($text -match 'Status:\s*([0-9]{3})') { return [int]$Matches[1] }
    # Its own retry handler gives up on throttling with "Too many retries performed".
    if ($text -match 'Too many retries|tooManyRetries|TooManyRequests') { return 429 }
    return $null
}

function ConvertFrom-DirlintRetryAfter {
    # Seconds to wait from a Retry-After value: a number of seconds or an HTTP date.
    param($Value)
    if ($null -eq $Value) { return $null }
    $delta = Get-DirlintProperty $Value 'Delta'
    if ($null -ne $delta) { return [int][Math]::Ceiling($delta.TotalSeconds) }
    $date = Get-DirlintProperty $Value 'Date'
    if ($null -ne $date) { return [int][Math]::Ceiling(($date - [DateTimeOffset]::UtcNow).TotalSeconds) }
    $text = "$(@($Value)[0])".Trim()
    $seconds = 0
    if ([int]::TryParse($text, [ref] $seconds)) { return $seconds }
    $when = [DateTimeOffset]::MinValue
    if ([DateTimeOffset]::TryParse($text, [ref] $when)) { return [int][Math]::Ceiling(($when - [DateTimeOffset]::UtcNow).TotalSeconds) }
    return $null
}

function Get-DirlintRetryAfter {
    # How long to wait before retrying a throttled call: the service's Retry-After, else 10, 20, 40 ... seconds.
    param([System.Management.Automation.ErrorRecord] $ErrorRecord, [int] $Attempt)
    $seconds = $null
    $exception = $ErrorRecord.Exception
    while ($null -eq $seconds -and $null -ne $exception) {
        foreach ($headers in @((Get-DirlintProperty $exception 'ResponseHeaders'), (Get-DirlintProperty (Get-DirlintProperty $exception 'Response') 'Headers'))) {
            if ($null -ne $seconds -or $null -eq $headers) { continue }
            $seconds = ConvertFrom-DirlintRetryAfter (Get-DirlintProperty $headers 'RetryAfter')
            if ($null -eq $seconds -and $headers -is [System.Collections.IDictionary]) {
                foreach ($key in $headers.Keys) {
                    if ("$key" -eq 'Retry-After') { $seconds = ConvertFrom-DirlintRetryAfter $headers[$key] }
                }
            }
        }
        $exception = $exception.InnerException
    }
    if ($null -eq $seconds) {
        $text = "$(Get-DirlintProperty $ErrorRecord.ErrorDetails 'Message')`n$($ErrorRecord.Exception.Message)"
        if ($text -match 'Retry-After\W+([0-9]+)') { $seconds = [int]$Matches[1] }
    }
    if ($null -eq $seconds) { $seconds = 5 * [int][Math]::Pow(2, $Attempt) }
    return [Math]::Max(1, [Math]::Min($seconds, 300))
}

function Invoke-DirlintGraphCall {
    # Runs a Graph call, retrying it while the service throttles (429) or is briefly unavailable (503, 504).
    # The call's script block reads the caller's $upn, $type and $number; this function defines none of them.
    param([scriptblock] $Call)
    $attempt = 0
    while ($true) {
        try {
            return & $Call
        } catch {
            $status = Get-DirlintHttpStatus $_
            if ($status -in @(429, 503, 504) -and $attempt -lt $MaxRetries) {
                $attempt++
                $wait = Get-DirlintRetryAfter $_ $attempt
                Write-Verbose "HTTP $status from Microsoft Graph: retry $attempt of $MaxRetries in $wait s."
                Start-Sleep -Seconds $wait
                continue
            }
            throw
        }
    }
}

if (-not $Path) { $Path = Join-Path $PSScriptRoot 'registrations.csv' }
if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) { throw "The registrations file $Path does not exist. Run dirlint register first, or pass -Path." }
$Path = (Resolve-Path -LiteralPath $Path).ProviderPath
if (-not $LogPath) { $LogPath = Join-Path (Split-Path -Parent $Path) ('registrations-log-{0:yyyyMMdd-HHmmss}.csv' -f (Get-Date)) }

$header = @(Get-Content -LiteralPath $Path -TotalCount 1 -Encoding UTF8)
$columns = @()
if ($header.Count -gt 0) { $columns = @($header[0].Split(',') | ForEach-Object { $_.Trim().Trim('"') }) }
$missing = @($requiredColumns | Where-Object { $columns -notcontains $_ })
if ($missing.Count -gt 0) { throw "$Path is not a dirlint registrations file: it lacks the columns $($missing -join ', ')." }
$rows = @(Import-Csv -LiteralPath $Path -Encoding UTF8)

# Every row, numbered in file order, grouped by user (a UPN matches case-insensitively).
$users = [ordered]@{}
for ($index = 0; $index -lt $rows.Count; $index++) {
    $item = [pscustomobject]@{ Index = $index; Row = $rows[$index] }
    $key = "$($rows[$index].userPrincipalName)".Trim().ToLowerInvariant()
    if (-not $users.Contains($key)) { $users[$key] = New-Object System.Collections.Generic.List[object] }
    $users[$key].Add($item)
}

$log = New-Object System.Collections.Generic.List[object]
$logged = New-Object 'System.Collections.Generic.HashSet[int]'
function Add-DirlintLog {
    param($Item, [string] $Result, [string] $Detail)
    $row = $Item.Row
    $log.Add([pscustomobject][ordered]@{
        Index = $Item.Index
        userPrincipalName = $row.userPrincipalName
        phoneType = $row.phoneType
        phoneNumber = $row.phoneNumber
        sourceFile = $row.sourceFile
        sourceLine = $row.sourceLine
        result = $Result
        detail = $Detail
    })
    $null = $logged.Add($Item.Index)
}

# True once Microsoft Graph has answered a call for a user: from then on a 403 is that user's, not the session's.
$script:graphAnswered = $false
function Test-DirlintSessionFailure {
    # Whether a failed call means the session cannot work at all, so that going on would fail every row.
    param($Status)
    return ($Status -eq 401) -or ($Status -eq 403 -and -not $script:graphAnswered)
}

function Get-DirlintErrorText {
    param([System.Management.Automation.ErrorRecord] $ErrorRecord)
    $details = Get-DirlintProperty $ErrorRecord.ErrorDetails 'Message'
    if ($details) { return ("$details" -replace '\s+', ' ').Trim() }
    return ("$($ErrorRecord.Exception.Message)" -replace '\s+', ' ').Trim()
}

$added = 0
try {
    if (-not $SkipConnect) {
        try {
            Connect-MgGraph -Scopes 'UserAuthenticationMethod.ReadWrite.All' -NoWelcome -ErrorAction Stop
        } catch {
            throw "Connect-MgGraph failed, so nothing was registered: $(Get-DirlintErrorText $_)"
        }
    }
    if ($null -eq (Get-MgContext)) { throw 'There is no Microsoft Graph session: run Connect-MgGraph -Scopes UserAuthenticationMethod.ReadWrite.All, or leave out -SkipConnect.' }

    $done = 0
    foreach ($user in $users.Values) {
        $done++
        Write-Progress -Activity 'Registering phone methods' -Status "$done of $($users.Count) users" -PercentComplete (100 * $done / [Math]::Max(1, $users.Count))
        # The rows to try, mobile first; a row that is not a dirlint registration is skipped, not guessed at.
        $valid = New-Object System.Collections.Generic.List[object]
        foreach ($type in $phoneTypes) {
            foreach ($item in $user) { if ("$($item.Row.phoneType)".Trim() -eq $type) { $item.Row.phoneType = $type; $valid.Add($item) } }
        }
        foreach ($item in $user) {
            $row = $item.Row
            if (-not "$($row.userPrincipalName)".Trim()) { Add-DirlintLog $item 'skipped' 'The row has no userPrincipalName.' }
            elseif ($phoneTypes -notcontains "$($row.phoneType)".Trim()) { Add-DirlintLog $item 'skipped' 'phoneType is not mobile, office or alternateMobile.' }
            elseif ("$($row.phoneNumber)" -notmatch $phoneNumberPattern) { Add-DirlintLog $item 'skipped' 'phoneNumber is not in the form +CountryCode Number.' }
        }
        $valid = @($valid | Where-Object { -not $logged.Contains($_.Index) })
        if ($valid.Count -eq 0) { continue }
        $upn = "$($valid[0].Row.userPrincipalName)".Trim()

        try {
            $existing = @(Invoke-DirlintGraphCall -Call { Get-MgUserAuthenticationPhoneMethod -UserId $upn -All -ErrorAction Stop })
            $script:graphAnswered = $true
        } catch {
            $status = Get-DirlintHttpStatus $_
            $reason = Get-DirlintErrorText $_
            if (Test-DirlintSessionFailure $status) { throw "Microsoft Graph refused the session (HTTP $status) when reading the phone methods of $upn; stopping. Check the account's role and the consented scope UserAuthenticationMethod.ReadWrite.All. $reason" }
            if ($null -ne $status) { $script:graphAnswered = $true }
            foreach ($item in $valid) { Add-DirlintLog $item 'failed' "Reading the user's phone methods failed: $reason" }
            continue
        }
        $has = @{}
        foreach ($method in $existing) { $has["$($method.PhoneType)".ToLowerInvariant()] = $true }

        foreach ($item in $valid) {
            $type = $item.Row.phoneType
            $number = "$($item.Row.phoneNumber)"
            if ($has.ContainsKey($type.ToLowerInvariant())) { Add-DirlintLog $item 'skipped' "The user already has a $type phone method; it is left unchanged."; continue }
            if ($type -eq 'alternateMobile' -and -not $has.ContainsKey('mobile')) { Add-DirlintLog $item 'skipped' 'An alternateMobile phone needs a mobile phone first.'; continue }
            if (-not $PSCmdlet.ShouldProcess($upn, "Add the $type phone method $number")) {
                if ($WhatIfPreference) { Add-DirlintLog $item 'would-add' ''; $has[$type.ToLowerInvariant()] = $true }
                else { Add-DirlintLog $item 'skipped' 'Declined at the confirmation prompt.' }
                continue
            }
            try {
                # Confirmed above: the cmdlet must not ask again.
                $null = Invoke-DirlintGraphCall -Call { New-MgUserAuthenticationPhoneMethod -UserId $upn -PhoneType $type -PhoneNumber $number -Confirm:$false -ErrorAction Stop }
                $script:graphAnswered = $true
                $has[$type.ToLowerInvariant()] = $true
                $added++
                Add-DirlintLog $item 'added' ''
            } catch {
                $status = Get-DirlintHttpStatus $_
                $reason = Get-DirlintErrorText $_
                if (Test-DirlintSessionFailure $status) { throw "Microsoft Graph refused the session (HTTP $status) when adding a phone method for $upn; stopping. $reason" }
                Add-DirlintLog $item 'failed' $reason
            }
        }
    }
} finally {
    Write-Progress -Activity 'Registering phone methods' -Completed
    foreach ($user in $users.Values) {
        foreach ($item in $user) { if (-not $logged.Contains($item.Index)) { Add-DirlintLog $item 'skipped' 'Not processed: the script stopped before this row.' } }
    }
    $log | Sort-Object Index | Select-Object userPrincipalName, phoneType, phoneNumber, sourceFile, sourceLine, result, detail |
        Export-Csv -LiteralPath $LogPath -NoTypeInformation -Encoding UTF8 -WhatIf:$false -Confirm:$false
    Write-Host "Log written to $LogPath"
}

[pscustomobject]@{
    Added = $added
    WouldAdd = @($log | Where-Object { $_.result -eq 'would-add' }).Count
    Skipped = @($log | Where-Object { $_.result -eq 'skipped' }).Count
    Failed = @($log | Where-Object { $_.result -eq 'failed' }).Count
    Log = $LogPath
}
